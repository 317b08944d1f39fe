<?xml version="1.0" encoding="UTF-8"?>
<!-- queue.xsl: the reviewer's work queue. Input:
       <page view="queue">
         <submissions xmlns="urn:tierd:submissions:1">…</submissions>   GET /v1/submissions
         <form action="filter"><field name="status">received</field>…</form>  the filters in use
       </page>
     Optional in the list (shown when present): per row
     <findings fail="n" needsReview="n" judgement="n"/> (judgement: routes, not shown here), and per page
     <counts><status name="received" count="n"/>…</counts>; the page adds its own
     <counts xmlns="urn:tierd:submissions:1"> beside the list (GET /queue: every
     status in the reviewer's scope and filters; more="true" past 1,000). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    xmlns:s="urn:tierd:submissions:1"
    exclude-result-prefixes="p s">
  <xsl:import href="_layout.xsl"/>

  <xsl:variable name="list" select="/p:page/s:submissions"/>
  <xsl:variable name="filter" select="/p:page/p:form[@action = 'filter']"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="'待办申请'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the content, written into the frame (_layout.xsl, mode main) -->
  <xsl:template match="/" mode="main">
    <h1 class="heading-l">待办申请</h1>
    <p class="lead">
      <xsl:choose>
        <xsl:when test="$role = 'city-reviewer'">本市企业提交、等待市级初审的申请，按提交时间排列。</xsl:when>
        <xsl:when test="$role = 'province-reviewer'">各市已推荐、等待省级审核的申请，按提交时间排列。</xsl:when>
        <xsl:otherwise>您可以查看的申请，按提交时间排列。</xsl:otherwise>
      </xsl:choose>
    </p>
    <xsl:apply-templates select="/p:page/s:counts | $list/s:counts"/>
    <xsl:call-template name="filters"/>
    <xsl:choose>
      <xsl:when test="$list/s:submission">
        <table class="table">
          <caption class="visually-hidden">申请列表</caption>
          <thead>
            <tr>
              <th scope="col">企业</th>
              <th scope="col">申报类别</th>
              <th scope="col">城市</th>
              <th scope="col">提交时间</th>
              <th scope="col">状态</th>
              <th scope="col">初检结论</th>
              <th scope="col">问题项</th>
            </tr>
          </thead>
          <tbody>
            <xsl:apply-templates select="$list/s:submission"/>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty">没有符合筛选条件的申请。</p>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$list/s:next">
      <nav class="pager" aria-label="翻页">
        <a class="pager__next" rel="next"
           href="{concat('/queue?', substring-after($list/s:next/@href, '?'))}">下一页 ›</a>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:template match="s:counts">
    <ul class="counts" aria-label="各状态申请数">
      <xsl:for-each select="s:status">
        <li class="counts__item">
          <span class="counts__n"><xsl:value-of select="@count"/><xsl:if test="@more = 'true'">+</xsl:if></span>
          <span class="counts__label">
            <xsl:call-template name="status-zh"><xsl:with-param name="s" select="@name"/></xsl:call-template>
          </span>
        </li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <!-- The filters: a GET form, so a filtered queue is a link one can keep. -->
  <xsl:template name="filters">
    <form class="filters" method="get" action="/queue">
      <div class="filters__row">
        <xsl:call-template name="select">
          <xsl:with-param name="name" select="'tier'"/>
          <xsl:with-param name="label" select="'申报类别'"/>
          <xsl:with-param name="options" select="'|全部类别;specialized-sme|专精特新中小企业;little-giant|专精特新“小巨人”企业;innovative-sme|创新型中小企业;tech-sme|科技型中小企业;tech-innovative-sme|科技和创新型中小企业;single-champion|制造业单项冠军;leading|制造业领航企业;high-tech|高新技术企业;gazelle|瞪羚企业;unicorn|独角兽企业;'"/>
        </xsl:call-template>
        <xsl:call-template name="select">
          <xsl:with-param name="name" select="'status'"/>
          <xsl:with-param name="label" select="'状态'"/>
          <xsl:with-param name="options" select="'|全部状态;received|待市级初审;ineligible|待市级初审（初检不符合）;recommended|已推荐，待省级审核;returned|已退回企业修改;approved|已批准;rejected|不予批准;'"/>
        </xsl:call-template>
        <xsl:if test="$role != 'city-reviewer'">
          <xsl:call-template name="select">
            <xsl:with-param name="name" select="'city'"/>
            <xsl:with-param name="label" select="'城市'"/>
            <xsl:with-param name="options" select="'|全省;370100|济南市;370200|青岛市;370300|淄博市;370400|枣庄市;370500|东营市;370600|烟台市;370700|潍坊市;370800|济宁市;370900|泰安市;371000|威海市;371100|日照市;371300|临沂市;371400|德州市;371500|聊城市;371600|滨州市;371700|菏泽市;'"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:call-template name="text-field">
          <xsl:with-param name="name" select="'year'"/>
          <xsl:with-param name="label" select="'申报年度'"/>
          <xsl:with-param name="width" select="'4'"/>
          <xsl:with-param name="value" select="$filter/p:field[@name = 'year']"/>
        </xsl:call-template>
        <button type="submit" class="button button--secondary">筛选</button>
      </div>
    </form>
  </xsl:template>

  <xsl:template match="s:submission">
    <xsl:variable name="id" select="@id"/>
    <tr>
      <td>
        <a href="{concat('/applications/', @id)}"><xsl:value-of select="s:enterprise"/></a>
        <div class="small mono"><xsl:value-of select="s:enterprise/@uscc"/></div>
      </td>
      <td><xsl:call-template name="tier-zh"><xsl:with-param name="t" select="s:tier"/></xsl:call-template></td>
      <td><xsl:call-template name="city-zh"><xsl:with-param name="c" select="s:city"/></xsl:call-template></td>
      <td class="nowrap"><xsl:call-template name="datetime"><xsl:with-param name="t" select="s:submittedAt"/></xsl:call-template></td>
      <td><xsl:call-template name="status-zh"><xsl:with-param name="s" select="s:status"/></xsl:call-template></td>
      <td><xsl:call-template name="verdict-tag"><xsl:with-param name="v" select="s:overall"/></xsl:call-template></td>
      <td>
        <xsl:choose>
          <xsl:when test="s:findings[@fail &gt; 0 or @needsReview &gt; 0]">
            <xsl:if test="s:findings/@fail &gt; 0">
              <span class="count count--fail">不符合 <xsl:value-of select="s:findings/@fail"/></span>
            </xsl:if>
            <xsl:if test="s:findings/@needsReview &gt; 0">
              <xsl:if test="s:findings/@fail &gt; 0"><br/></xsl:if>
              <span class="count count--needs-review">需核实 <xsl:value-of select="s:findings/@needsReview"/></span>
            </xsl:if>
          </xsl:when>
          <xsl:when test="s:findings">无</xsl:when>
          <xsl:otherwise>—</xsl:otherwise>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>
</xsl:stylesheet>
