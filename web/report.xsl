<?xml version="1.0" encoding="UTF-8"?>
<!-- report.xsl: the yearly report inside the site's frame. Input:
       <page view="report">
         <report xmlns="urn:tierd:report:1" …>…</report>   GET /v1/reports/{year}[?city=]
         <form action="choose"><field name="year">2026</field>…</form>  the choosers in use
       </page>
     Each tier against its target, the applications by state, the cities
     side by side, and what each figure means (the report's own
     definitions). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    xmlns:rp="urn:tierd:report:1"
    exclude-result-prefixes="p rp">
  <xsl:import href="_layout.xsl"/>

  <!-- where the choosers lead: the reviewers' /report, or the public /summary -->
  <xsl:param name="report_action" select="'/report'"/>
  <xsl:variable name="rep" select="/p:page/rp:report"/>
  <xsl:variable name="tiers" select="$rep/rp:tier"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="concat($rep/@year, ' 年度统计')"/>
      <xsl:with-param name="main">
        <span class="caption">
          <xsl:choose>
            <xsl:when test="$rep/@scope = 'city'">
              <xsl:call-template name="city-zh"><xsl:with-param name="c" select="string($rep/@city)"/></xsl:call-template>
            </xsl:when>
            <xsl:otherwise>全省</xsl:otherwise>
          </xsl:choose>
          <xsl:text> · 统计至 </xsl:text><xsl:value-of select="$rep/@monthsCovered"/><xsl:text> 月末</xsl:text>
          <xsl:text> · 生成于 </xsl:text><xsl:value-of select="concat(substring($rep/@generatedAt, 1, 10), ' ', substring($rep/@generatedAt, 12, 5))"/>
        </span>
        <h1 class="heading-l"><xsl:value-of select="$rep/@year"/> 年度优质中小企业梯度培育统计</h1>
        <form class="filters" method="get" action="{$report_action}">
          <div class="filters__row">
            <xsl:call-template name="text-field">
              <xsl:with-param name="name" select="'year'"/>
              <xsl:with-param name="label" select="'年度'"/>
              <xsl:with-param name="width" select="'4'"/>
            </xsl:call-template>
            <xsl:if test="$role != 'city-reviewer'">
              <xsl:call-template name="select">
                <xsl:with-param name="name" select="'city'"/>
                <xsl:with-param name="label" select="'范围'"/>
                <xsl:with-param name="options" select="'|全省;370100|济南市;370200|青岛市;370300|淄博市;370400|枣庄市;370500|东营市;370600|烟台市;370700|潍坊市;370800|济宁市;370900|泰安市;371000|威海市;371100|日照市;371300|临沂市;371400|德州市;371500|聊城市;371600|滨州市;371700|菏泽市;'"/>
              </xsl:call-template>
            </xsl:if>
            <button type="submit" class="button button--secondary">查看</button>
          </div>
        </form>

        <section class="section" aria-labelledby="h-summary">
          <h2 class="heading-m" id="h-summary">目标完成情况</h2>
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">类别</th>
                  <th scope="col">口径</th>
                  <th scope="col" class="num">目标</th>
                  <th scope="col" class="num">完成数</th>
                  <th scope="col" class="num">完成率</th>
                  <th scope="col">进度</th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="$tiers">
                  <tr>
                    <th scope="row">
                      <xsl:value-of select="@nameZh"/>
                      <xsl:if test="rp:target/@source">
                        <div class="small"><xsl:value-of select="rp:target/@source"/></div>
                      </xsl:if>
                    </th>
                    <td><xsl:choose><xsl:when test="@kind = 'stock'">存量</xsl:when><xsl:otherwise>新增</xsl:otherwise></xsl:choose></td>
                    <td class="num">
                      <xsl:choose>
                        <xsl:when test="rp:target">
                          <xsl:value-of select="format-number(rp:target, '#,##0')"/>
                          <xsl:choose>
                            <xsl:when test="rp:target/@wording = 'floor'"> 以上</xsl:when>
                            <xsl:when test="rp:target/@wording = 'about'"> 左右</xsl:when>
                          </xsl:choose>
                        </xsl:when>
                        <xsl:otherwise>—</xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td class="num"><xsl:value-of select="format-number(rp:achieved, '#,##0')"/></td>
                    <td class="num">
                      <xsl:choose>
                        <xsl:when test="rp:percent"><xsl:value-of select="rp:percent"/>%</xsl:when>
                        <xsl:otherwise>—</xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td>
                      <xsl:if test="rp:target &gt; 0">
                        <meter class="meter" min="0" max="{rp:target}" value="{rp:achieved}" optimum="{rp:target}">
                          <xsl:value-of select="rp:percent"/>%
                        </meter>
                      </xsl:if>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </section>

        <section class="section" aria-labelledby="h-pipeline">
          <h2 class="heading-m" id="h-pipeline">本年度申请的办理情况</h2>
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">类别</th>
                  <th scope="col" class="num">待市级初审</th>
                  <th scope="col" class="num">初检不符合</th>
                  <th scope="col" class="num">待省级审核</th>
                  <th scope="col" class="num">已退回</th>
                  <th scope="col" class="num">已批准</th>
                  <th scope="col" class="num">不予批准</th>
                  <th scope="col" class="num">合计</th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="$tiers">
                  <xsl:variable name="pl" select="rp:pipeline"/>
                  <tr>
                    <th scope="row"><xsl:value-of select="@nameZh"/></th>
                    <td class="num"><xsl:value-of select="format-number($pl/@received, '#,##0')"/></td>
                    <td class="num"><xsl:value-of select="format-number($pl/@ineligible, '#,##0')"/></td>
                    <td class="num"><xsl:value-of select="format-number($pl/@recommended, '#,##0')"/></td>
                    <td class="num"><xsl:value-of select="format-number($pl/@returned, '#,##0')"/></td>
                    <td class="num"><xsl:value-of select="format-number($pl/@approved, '#,##0')"/></td>
                    <td class="num"><xsl:value-of select="format-number($pl/@rejected, '#,##0')"/></td>
                    <td class="num"><strong><xsl:value-of select="format-number($pl/@total, '#,##0')"/></strong></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </section>

        <xsl:if test="$tiers/rp:city">
          <section class="section" aria-labelledby="h-cities">
            <h2 class="heading-m" id="h-cities">各市完成数</h2>
            <div class="table-wrap">
              <table class="table table--compact">
                <thead>
                  <tr>
                    <th scope="col">城市</th>
                    <xsl:for-each select="$tiers">
                      <th scope="col" class="num"><xsl:value-of select="@nameZh"/></th>
                    </xsl:for-each>
                  </tr>
                </thead>
                <tbody>
                  <xsl:for-each select="$tiers[1]/rp:city">
                    <xsl:variable name="code" select="@code"/>
                    <tr>
                      <th scope="row"><xsl:value-of select="@nameZh"/></th>
                      <xsl:for-each select="$tiers">
                        <td class="num">
                          <xsl:value-of select="format-number(rp:city[@code = $code]/rp:achieved, '#,##0')"/>
                          <xsl:if test="rp:city[@code = $code]/rp:target">
                            <span class="small"> / <xsl:value-of select="rp:city[@code = $code]/rp:target"/></span>
                          </xsl:if>
                        </td>
                      </xsl:for-each>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </div>
          </section>
        </xsl:if>

        <details class="details">
          <summary>口径说明</summary>
          <dl class="summary">
            <xsl:for-each select="$rep/rp:definitions/rp:definition">
              <div class="summary__row">
                <xsl:choose>
                  <xsl:when test="contains(rp:zh, '：')">
                    <dt><xsl:value-of select="substring-before(rp:zh, '：')"/></dt>
                    <dd><xsl:value-of select="substring-after(rp:zh, '：')"/></dd>
                  </xsl:when>
                  <xsl:otherwise>
                    <dt><xsl:value-of select="@term"/></dt>
                    <dd><xsl:value-of select="rp:zh"/></dd>
                  </xsl:otherwise>
                </xsl:choose>
              </div>
            </xsl:for-each>
          </dl>
        </details>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
