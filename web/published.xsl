<?xml version="1.0" encoding="UTF-8"?>
<!-- published.xsl: the public list of certificates issued in a year, by tier
     and city (no sign-in), GET /published?year=&tier=&city=&after=.
     Input:
       <page view="published">
         <published xmlns="urn:tierd:published:1" year tier city next>   registry_published_xml
           <certificate serial tier city validFrom validUntil status supersededBy?><name/><uscc/></certificate>…
         status as on the check page (_cert.xsl): valid, revoked, superseded (by the
         renewal's certificate supersededBy), expired (validUntil before today).
         <form action="choose">year, tier, city in use</form>
       </page>
     Name, USCC, tier, city and dates only; each row links to the check page. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    xmlns:pub="urn:tierd:published:1"
    exclude-result-prefixes="p pub">
  <xsl:import href="_layout.xsl"/>

  <xsl:variable name="l" select="/p:page/pub:published"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="concat($l/@year, ' 年度认定名单')"/>
      <xsl:with-param name="main">
        <h1 class="heading-l"><xsl:value-of select="$l/@year"/> 年度认定名单</h1>
        <p class="lead">本年度签发的证书，按证书编号排列。点击企业名称可核验证书当前是否有效。</p>
        <form class="filters" method="get" action="/published">
          <div class="filters__row">
            <xsl:call-template name="text-field">
              <xsl:with-param name="name" select="'year'"/>
              <xsl:with-param name="label" select="'年度'"/>
              <xsl:with-param name="width" select="'4'"/>
            </xsl:call-template>
            <xsl:call-template name="select">
              <xsl:with-param name="name" select="'tier'"/>
              <xsl:with-param name="label" select="'称号'"/>
              <xsl:with-param name="options" select="'|全部称号;specialized-sme|专精特新中小企业;little-giant|专精特新“小巨人”企业;innovative-sme|创新型中小企业;tech-sme|科技型中小企业;tech-innovative-sme|科技和创新型中小企业;single-champion|制造业单项冠军;leading|制造业领航企业;high-tech|高新技术企业;gazelle|瞪羚企业;unicorn|独角兽企业;'"/>
            </xsl:call-template>
            <xsl:call-template name="select">
              <xsl:with-param name="name" select="'city'"/>
              <xsl:with-param name="label" select="'城市'"/>
              <xsl:with-param name="options" select="'|全省;370100|济南市;370200|青岛市;370300|淄博市;370400|枣庄市;370500|东营市;370600|烟台市;370700|潍坊市;370800|济宁市;370900|泰安市;371000|威海市;371100|日照市;371300|临沂市;371400|德州市;371500|聊城市;371600|滨州市;371700|菏泽市;'"/>
            </xsl:call-template>
            <button type="submit" class="button button--secondary">查询</button>
          </div>
        </form>
        <xsl:choose>
          <xsl:when test="$l/pub:certificate">
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr><th scope="col">企业名称</th><th scope="col">统一社会信用代码</th><th scope="col">称号</th><th scope="col">城市</th><th scope="col">有效期</th><th scope="col">状态</th></tr>
                </thead>
                <tbody>
                  <xsl:for-each select="$l/pub:certificate">
                    <tr>
                      <td><a href="{concat('/check/', @serial)}"><xsl:value-of select="pub:name"/></a></td>
                      <td class="mono"><xsl:value-of select="pub:uscc"/></td>
                      <td><xsl:call-template name="tier-zh"><xsl:with-param name="t" select="@tier"/></xsl:call-template></td>
                      <td><xsl:call-template name="city-zh"><xsl:with-param name="c" select="@city"/></xsl:call-template></td>
                      <td class="nowrap"><xsl:value-of select="concat(@validFrom, ' 至 ', @validUntil)"/></td>
                      <td>
                        <xsl:choose>
                          <xsl:when test="@status = 'revoked'"><span class="tag tag--fail">已撤销</span></xsl:when>
                          <xsl:when test="@status = 'superseded'">
                            <span class="tag tag--needs-review">已换发</span>
                            <xsl:text> 新证书 </xsl:text>
                            <a class="mono" href="{concat('/check/', @supersededBy)}"><xsl:value-of select="@supersededBy"/></a>
                          </xsl:when>
                          <xsl:when test="@status = 'expired'"><span class="tag tag--needs-review">已过期</span></xsl:when>
                          <xsl:when test="@status = 'valid'"><span class="tag tag--pass">有效</span></xsl:when>
                          <xsl:otherwise><xsl:value-of select="@status"/></xsl:otherwise>
                        </xsl:choose>
                      </td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </div>
            <xsl:if test="string($l/@next) != ''">
              <p class="pager">
                <a href="{concat('/published?year=', $l/@year, '&amp;tier=', $l/@tier, '&amp;city=', $l/@city, '&amp;after=', $l/@next)}">下一页 ›</a>
              </p>
            </xsl:if>
          </xsl:when>
          <xsl:otherwise>
            <p class="empty">没有符合条件的证书。</p>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
