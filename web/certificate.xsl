<?xml version="1.0" encoding="UTF-8"?>
<!-- certificate.xsl: one certificate as the province reviewer sees it.
     Input:
       <page view="certificate">
         <certificateStatus xmlns="urn:tierd:certificate-status:1" …>   GET /v1/certificates/{serial}
           (the signed certificate inside, as issued)
         <form action="revoke">…</form>                                 a refused revocation, if any
       </page>
     The status first (有效 / 已撤销 / 已过期), then the certificate's fields
     as signed, the signing key, the signed XML to download, and — for a
     province reviewer and a valid certificate — revocation with a reason. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    xmlns:cs="urn:tierd:certificate-status:1"
    exclude-result-prefixes="p cs">
  <xsl:import href="_layout.xsl"/>

  <xsl:variable name="st" select="/p:page/cs:certificateStatus"/>
  <!-- the certificate element, whatever the namespace version -->
  <xsl:variable name="c" select="$st//*[local-name() = 'certificate'][1]"/>
  <xsl:variable name="sig" select="$st//*[local-name() = 'signature'][1]"/>
  <xsl:variable name="serial" select="string($st/@serial)"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="concat('证书 ', $serial)"/>
      <xsl:with-param name="main">
        <p class="breadcrumbs"><a href="/certificates">证书</a> › <xsl:value-of select="$serial"/></p>
        <span class="caption">
          <xsl:call-template name="tier-zh"><xsl:with-param name="t" select="$st/@tier"/></xsl:call-template>
          <xsl:text> · 证书编号 </xsl:text><span class="mono"><xsl:value-of select="$serial"/></span>
        </span>
        <h1 class="heading-l"><xsl:value-of select="$c/*[local-name() = 'enterpriseName']"/></h1>
        <xsl:call-template name="status-banner"/>
        <dl class="summary">
          <xsl:call-template name="row"><xsl:with-param name="k" select="'企业名称'"/><xsl:with-param name="v" select="$c/*[local-name() = 'enterpriseName']"/></xsl:call-template>
          <xsl:call-template name="row"><xsl:with-param name="k" select="'统一社会信用代码'"/><xsl:with-param name="v" select="$c/*[local-name() = 'uscc']"/><xsl:with-param name="mono" select="true()"/></xsl:call-template>
          <div class="summary__row">
            <dt>称号</dt>
            <dd>
              <xsl:call-template name="tier-zh"><xsl:with-param name="t" select="$c/*[local-name() = 'tier']/@code"/></xsl:call-template>
              <xsl:text>（</xsl:text>
              <xsl:choose>
                <xsl:when test="$c/*[local-name() = 'level']/@code = 'national'">国家级</xsl:when>
                <xsl:otherwise>省级</xsl:otherwise>
              </xsl:choose>
              <xsl:text>）</xsl:text>
            </dd>
          </div>
          <xsl:call-template name="row"><xsl:with-param name="k" select="'适用标准'"/><xsl:with-param name="v" select="concat($c/*[local-name() = 'ruleSet'], ' 年版')"/></xsl:call-template>
          <xsl:call-template name="row"><xsl:with-param name="k" select="'有效期'"/><xsl:with-param name="v" select="concat($st/@validFrom, ' 至 ', $st/@validUntil)"/></xsl:call-template>
          <div class="summary__row">
            <dt>签发时间</dt>
            <dd><xsl:call-template name="datetime"><xsl:with-param name="t" select="string($c/*[local-name() = 'issuedAt'])"/></xsl:call-template></dd>
          </div>
          <xsl:call-template name="row"><xsl:with-param name="k" select="'签发机关'"/><xsl:with-param name="v" select="$c/*[local-name() = 'issuer']"/></xsl:call-template>
          <xsl:call-template name="row"><xsl:with-param name="k" select="'签名密钥'"/><xsl:with-param name="v" select="concat($sig/@algorithm, ' · ', $st/@keyId)"/><xsl:with-param name="mono" select="true()"/></xsl:call-template>
        </dl>
        <p>
          <a href="{concat('/certificates/', $serial, '/document.xml')}" download="{concat($serial, '.xml')}">下载带签名的证书（XML）</a>
          <span class="small">　任何人可用登记机关的公钥离线核验签名。</span>
        </p>
        <xsl:call-template name="revoke"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="row">
    <xsl:param name="k"/>
    <xsl:param name="v"/>
    <xsl:param name="mono" select="false()"/>
    <div class="summary__row">
      <dt><xsl:value-of select="$k"/></dt>
      <dd>
        <xsl:if test="$mono"><xsl:attribute name="class">mono</xsl:attribute></xsl:if>
        <xsl:value-of select="$v"/>
      </dd>
    </div>
  </xsl:template>

  <xsl:template name="status-banner">
    <xsl:variable name="s" select="string($st/@status)"/>
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="$s = 'valid'">pass</xsl:when>
        <xsl:when test="$s = 'revoked'">fail</xsl:when>
        <xsl:otherwise>needs-review</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <div class="banner banner--{$kind}">
      <p class="banner__title">
        <xsl:choose>
          <xsl:when test="$s = 'valid'">证书有效</xsl:when>
          <xsl:when test="$s = 'revoked'">证书已撤销</xsl:when>
          <xsl:when test="$s = 'expired'">证书已过期</xsl:when>
          <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
        </xsl:choose>
      </p>
      <p class="banner__body">
        <xsl:choose>
          <xsl:when test="$s = 'revoked'">
            <xsl:text>撤销时间：</xsl:text>
            <xsl:call-template name="datetime"><xsl:with-param name="t" select="string($st/@revokedAt)"/></xsl:call-template>
            <xsl:text>。撤销原因：</xsl:text><xsl:value-of select="$st/cs:revocationReason"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:text>有效期 </xsl:text><xsl:value-of select="$st/@validFrom"/><xsl:text> 至 </xsl:text><xsl:value-of select="$st/@validUntil"/><xsl:text>。</xsl:text>
          </xsl:otherwise>
        </xsl:choose>
      </p>
    </div>
  </xsl:template>

  <xsl:template name="revoke">
    <xsl:if test="$role = 'province-reviewer' and $st/@status = 'valid'">
      <section class="section" aria-labelledby="h-revoke">
        <h2 class="heading-m" id="h-revoke">撤销证书</h2>
        <form method="post" action="{concat('/certificates/', $serial, '/revocation')}" novalidate="novalidate" class="decide decide--danger">
          <xsl:call-template name="csrf-field"/>
          <p class="warning"><strong>撤销后不能恢复。</strong>证书核验页面将立即显示“已撤销”及原因。</p>
          <xsl:call-template name="textarea">
            <xsl:with-param name="name" select="'reason'"/>
            <xsl:with-param name="label" select="'撤销原因'"/>
            <xsl:with-param name="hint" select="'例如：企业存在弄虚作假行为（附文号）。将公开显示。'"/>
            <xsl:with-param name="required" select="true()"/>
            <xsl:with-param name="rows" select="3"/>
          </xsl:call-template>
          <button type="submit" class="button button--warning">撤销证书</button>
        </form>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
