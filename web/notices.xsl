<?xml version="1.0" encoding="UTF-8"?>
<!-- notices.xsl: the public notice (公示) of applications the province has
     approved, and the objection form (no sign-in), GET /notices and
     GET|POST /notices/{id}/objection.
     Input:
       <page view="notices">
         <notices xmlns="urn:tierd:notice:1" today>                registry_notices_xml
           <notice id tier city ends status><name/><uscc/></notice>…
         <form action="objection">reason, contact typed; errors</form>   (a refused form)
       </page>
     Parameters: notice (the id whose form is shown, "" for the list), csrf (the
     form's double-submit token, docs/web.md), flash.
     Name, USCC, tier, city and the notice's last day only: an objection's
     contact is never shown here. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    xmlns:n="urn:tierd:notice:1"
    exclude-result-prefixes="p n">
  <xsl:import href="_layout.xsl"/>

  <xsl:param name="notice" select="''"/>

  <xsl:variable name="l" select="/p:page/n:notices"/>
  <xsl:variable name="one" select="$l/n:notice[@id = $notice]"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title">
        <xsl:choose>
          <xsl:when test="$notice != ''">对公示提出异议</xsl:when>
          <xsl:otherwise>认定公示</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="main">
        <xsl:choose>
          <xsl:when test="$notice != ''">
            <xsl:call-template name="objection-form"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="list"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="list">
    <h1 class="heading-l">认定公示</h1>
    <p class="lead">以下企业经省级审核拟予认定，现予公示。公示期内，任何单位或个人对公示企业有异议的，可实名提出异议并说明理由；公示期满无异议或异议不成立的，予以认定并发放证书。</p>
    <xsl:choose>
      <xsl:when test="$l/n:notice">
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr><th scope="col">企业名称</th><th scope="col">统一社会信用代码</th><th scope="col">称号</th><th scope="col">城市</th><th scope="col">公示截止</th><th scope="col">状态</th><th scope="col"><span class="visually-hidden">操作</span></th></tr>
            </thead>
            <tbody>
              <xsl:for-each select="$l/n:notice">
                <tr>
                  <td><xsl:value-of select="n:name"/></td>
                  <td class="mono"><xsl:value-of select="n:uscc"/></td>
                  <td><xsl:call-template name="tier-zh"><xsl:with-param name="t" select="@tier"/></xsl:call-template></td>
                  <td><xsl:call-template name="city-zh"><xsl:with-param name="c" select="@city"/></xsl:call-template></td>
                  <td class="nowrap"><xsl:value-of select="@ends"/></td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="@status = 'objected'"><span class="tag tag--needs-review">有异议待核查</span></xsl:when>
                      <xsl:otherwise><span class="tag tag--pass">公示中</span></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td><a href="{concat('/notices/', @id, '/objection')}">提出异议<span class="visually-hidden">：<xsl:value-of select="n:name"/></span></a></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty">目前没有正在公示的企业。</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="objection-form">
    <p><a href="/notices">‹ 返回公示名单</a></p>
    <h1 class="heading-l">对公示提出异议</h1>
    <xsl:choose>
      <xsl:when test="$one">
        <dl class="summary">
          <div class="summary__row"><dt>企业名称</dt><dd><xsl:value-of select="$one/n:name"/></dd></div>
          <div class="summary__row"><dt>统一社会信用代码</dt><dd class="mono"><xsl:value-of select="$one/n:uscc"/></dd></div>
          <div class="summary__row"><dt>称号</dt><dd><xsl:call-template name="tier-zh"><xsl:with-param name="t" select="$one/@tier"/></xsl:call-template></dd></div>
          <div class="summary__row"><dt>城市</dt><dd><xsl:call-template name="city-zh"><xsl:with-param name="c" select="$one/@city"/></xsl:call-template></dd></div>
          <div class="summary__row"><dt>公示截止</dt><dd><xsl:value-of select="$one/@ends"/></dd></div>
        </dl>
        <form method="post" action="{concat('/notices/', $notice, '/objection')}" novalidate="novalidate">
          <input type="hidden" name="csrf" value="{$csrf}"/>
          <xsl:call-template name="textarea">
            <xsl:with-param name="name" select="'reason'"/>
            <xsl:with-param name="label" select="'异议理由'"/>
            <xsl:with-param name="hint" select="'写明异议的事实和依据，不超过 2000 字。'"/>
            <xsl:with-param name="required" select="true()"/>
            <xsl:with-param name="rows" select="6"/>
          </xsl:call-template>
          <xsl:call-template name="text-field">
            <xsl:with-param name="name" select="'contact'"/>
            <xsl:with-param name="label" select="'联系方式'"/>
            <xsl:with-param name="hint" select="'姓名和电话或电子邮箱，仅供核查时联系，不予公开。'"/>
            <xsl:with-param name="required" select="true()"/>
            <xsl:with-param name="width" select="'20'"/>
          </xsl:call-template>
          <button type="submit" class="button">提交异议</button>
        </form>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty">这份申请不在公示期内，不能提出异议。</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
