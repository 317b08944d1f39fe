<?xml version="1.0" encoding="UTF-8"?>
<!-- admin_targets.xsl: the yearly targets, for admins. Input:
       <page view="admin_targets">
         <targets xmlns="urn:tierd:targets:1" year="2026">…</targets>    GET /v1/targets?year=
         <form action="target">                                           a refused form
           <field name="year|tier|city|count|kind|wording|source">typed</field>
           <error field="…">句子</error>
         </form>
       </page>
     A target is the plan's figure for a tier in a year, for the province
     (city "") or one city; the yearly report measures against it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    xmlns:t="urn:tierd:targets:1"
    exclude-result-prefixes="p t">
  <xsl:import href="_layout.xsl"/>

  <xsl:variable name="ts" select="/p:page/t:targets"/>
  <xsl:variable name="form" select="/p:page/p:form"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="concat($ts/@year, ' 年度目标')"/>
      <xsl:with-param name="nav" select="'targets'"/>
      <xsl:with-param name="main">
        <h1 class="heading-l"><xsl:value-of select="$ts/@year"/> 年度目标</h1>
        <form class="filters" method="get" action="/admin/targets">
          <div class="filters__row">
            <div class="field">
              <label class="label" for="f-show-year">查看年度</label>
              <input class="input input--4" id="f-show-year" name="year" type="text" inputmode="numeric" value="{$ts/@year}"/>
            </div>
            <button type="submit" class="button button--secondary">查看</button>
          </div>
        </form>

        <section class="section" aria-labelledby="h-list">
          <h2 class="heading-m" id="h-list">已设目标</h2>
          <xsl:choose>
            <xsl:when test="$ts/t:target">
              <div class="table-wrap">
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">梯度</th>
                      <th scope="col">范围</th>
                      <th scope="col" class="num">目标数</th>
                      <th scope="col">口径</th>
                      <th scope="col">表述</th>
                      <th scope="col">来源</th>
                    </tr>
                  </thead>
                  <tbody>
                    <xsl:for-each select="$ts/t:target">
                      <tr>
                        <td><xsl:call-template name="tier-zh"><xsl:with-param name="t" select="string(@tier)"/></xsl:call-template></td>
                        <td>
                          <xsl:choose>
                            <xsl:when test="@city = ''">全省</xsl:when>
                            <xsl:otherwise><xsl:call-template name="city-zh"><xsl:with-param name="c" select="string(@city)"/></xsl:call-template></xsl:otherwise>
                          </xsl:choose>
                        </td>
                        <td class="num"><xsl:value-of select="format-number(@count, '#,##0')"/></td>
                        <td><xsl:call-template name="kind-zh"><xsl:with-param name="k" select="string(@kind)"/></xsl:call-template></td>
                        <td><xsl:call-template name="wording-zh"><xsl:with-param name="w" select="string(@wording)"/></xsl:call-template></td>
                        <td class="small"><xsl:value-of select="."/></td>
                      </tr>
                    </xsl:for-each>
                  </tbody>
                </table>
              </div>
            </xsl:when>
            <xsl:otherwise><p class="empty">该年度尚未设置目标。</p></xsl:otherwise>
          </xsl:choose>
        </section>

        <section class="section" aria-labelledby="h-set">
          <h2 class="heading-m" id="h-set">设置或修改目标</h2>
          <p class="hint">同一年度、梯度和范围只有一个目标；再次保存即修改。</p>
          <form method="post" action="/admin/targets" novalidate="novalidate">
            <xsl:call-template name="csrf-field"/>
            <xsl:call-template name="text-field">
              <xsl:with-param name="name" select="'year'"/>
              <xsl:with-param name="label" select="'年度'"/>
              <xsl:with-param name="required" select="true()"/>
              <xsl:with-param name="width" select="'4'"/>
              <xsl:with-param name="value">
                <xsl:choose>
                  <xsl:when test="$form/p:field[@name = 'year']"><xsl:value-of select="$form/p:field[@name = 'year']"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="$ts/@year"/></xsl:otherwise>
                </xsl:choose>
              </xsl:with-param>
            </xsl:call-template>
            <xsl:call-template name="select">
              <xsl:with-param name="name" select="'tier'"/>
              <xsl:with-param name="label" select="'梯度'"/>
              <xsl:with-param name="options" select="'|（请选择）;innovative-sme|创新型中小企业;specialized-sme|专精特新中小企业;little-giant|专精特新“小巨人”企业;single-champion|制造业单项冠军;leading|制造业领航企业;high-tech|高新技术企业;tech-sme|科技型中小企业;tech-innovative-sme|科技和创新型中小企业;gazelle|瞪羚企业;unicorn|独角兽企业;'"/>
            </xsl:call-template>
            <xsl:call-template name="select">
              <xsl:with-param name="name" select="'city'"/>
              <xsl:with-param name="label" select="'范围'"/>
              <xsl:with-param name="hint" select="'全省，或一个地市'"/>
              <xsl:with-param name="options" select="'|全省;370100|济南市;370200|青岛市;370300|淄博市;370400|枣庄市;370500|东营市;370600|烟台市;370700|潍坊市;370800|济宁市;370900|泰安市;371000|威海市;371100|日照市;371300|临沂市;371400|德州市;371500|聊城市;371600|滨州市;371700|菏泽市;'"/>
            </xsl:call-template>
            <xsl:call-template name="text-field">
              <xsl:with-param name="name" select="'count'"/>
              <xsl:with-param name="label" select="'目标数'"/>
              <xsl:with-param name="hint" select="'家数，0 至 10,000,000 的整数'"/>
              <xsl:with-param name="required" select="true()"/>
              <xsl:with-param name="width" select="'10'"/>
            </xsl:call-template>
            <xsl:call-template name="select">
              <xsl:with-param name="name" select="'kind'"/>
              <xsl:with-param name="label" select="'口径'"/>
              <xsl:with-param name="options" select="'new|当年新增（当年发证数）;stock|年末存量（12 月 31 日有效数）;'"/>
            </xsl:call-template>
            <xsl:call-template name="select">
              <xsl:with-param name="name" select="'wording'"/>
              <xsl:with-param name="label" select="'表述'"/>
              <xsl:with-param name="options" select="'floor|以上;about|左右;reach|达到;'"/>
            </xsl:call-template>
            <xsl:call-template name="text-field">
              <xsl:with-param name="name" select="'source'"/>
              <xsl:with-param name="label" select="'来源（选填）'"/>
              <xsl:with-param name="hint" select="'如：省工信厅 2026 年工作要点'"/>
            </xsl:call-template>
            <button type="submit" class="button">保存目标</button>
          </form>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="kind-zh">
    <xsl:param name="k"/>
    <xsl:choose>
      <xsl:when test="$k = 'new'">当年新增</xsl:when>
      <xsl:when test="$k = 'stock'">年末存量</xsl:when>
      <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="wording-zh">
    <xsl:param name="w"/>
    <xsl:choose>
      <xsl:when test="$w = 'floor'">以上</xsl:when>
      <xsl:when test="$w = 'about'">左右</xsl:when>
      <xsl:when test="$w = 'reach'">达到</xsl:when>
      <xsl:otherwise><xsl:value-of select="$w"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
