<?xml version="1.0" encoding="UTF-8"?>
<!-- _cert.xsl: one certificate's status and signed fields, shared by the
     public check page (check.xsl) and the printable certificate
     (certprint.xsl). Imported after _layout.xsl.

     Input: /p:page/cs:certificateStatus (GET /v1/certificates/{serial}, the
     signed certificate inside) and, when the server verified the signature,
       <verification xmlns="urn:tierd:page:1" result="valid|invalid|…"
                     keyId="…" algorithm="ed25519">why, when not valid</verification>
     and the QR code of the public check URL as an svg element
     (src/web/qr.c), whose aria-label is that URL. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    xmlns:cs="urn:tierd:certificate-status:1"
    xmlns:svg="http://www.w3.org/2000/svg"
    exclude-result-prefixes="p cs svg">

  <xsl:variable name="st" select="/p:page/cs:certificateStatus"/>
  <xsl:variable name="c" select="$st//*[local-name() = 'certificate'][1]"/>
  <xsl:variable name="sig" select="$st//*[local-name() = 'signature'][1]"/>
  <xsl:variable name="serial" select="string($st/@serial)"/>
  <xsl:variable name="ver" select="/p:page/p:verification"/>
  <xsl:variable name="qr" select="/p:page/svg:svg"/>

  <xsl:template name="cert-row">
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

  <xsl:template name="cert-status">
    <xsl:variable name="s" select="string($st/@status)"/>
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="$ver and $ver/@result != 'valid'">fail</xsl:when>
        <xsl:when test="$s = 'valid'">pass</xsl:when>
        <xsl:when test="$s = 'revoked'">fail</xsl:when>
        <xsl:otherwise>needs-review</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <div class="banner banner--{$kind}" id="status" data-status="{$s}">
      <p class="banner__title">
        <xsl:choose>
          <xsl:when test="$ver and $ver/@result != 'valid'">签名无法核验，请勿采信</xsl:when>
          <xsl:when test="$s = 'valid'">证书有效</xsl:when>
          <xsl:when test="$s = 'revoked'">证书已撤销</xsl:when>
          <xsl:when test="$s = 'expired'">证书已过期</xsl:when>
          <xsl:when test="$s = 'superseded'">证书已换发</xsl:when>
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
          <xsl:when test="$s = 'superseded'">
            <xsl:text>该称号复核通过，已换发新证书 </xsl:text>
            <a href="{concat('/check/', $st/@supersededBy)}"><xsl:value-of select="$st/@supersededBy"/></a>
            <xsl:text>，本证书不再作为有效凭证。</xsl:text>
          </xsl:when>
          <xsl:when test="$s = 'expired'">
            <xsl:text>有效期已于 </xsl:text><xsl:value-of select="$st/@validUntil"/><xsl:text> 届满。</xsl:text>
          </xsl:when>
          <xsl:otherwise>
            <xsl:text>有效期 </xsl:text><xsl:value-of select="$st/@validFrom"/><xsl:text> 至 </xsl:text><xsl:value-of select="$st/@validUntil"/><xsl:text>。</xsl:text>
          </xsl:otherwise>
        </xsl:choose>
      </p>
    </div>
  </xsl:template>

  <xsl:template name="cert-fields">
    <dl class="summary">
      <xsl:call-template name="cert-row"><xsl:with-param name="k" select="'企业名称'"/><xsl:with-param name="v" select="$c/*[local-name() = 'enterpriseName']"/></xsl:call-template>
      <xsl:call-template name="cert-row"><xsl:with-param name="k" select="'统一社会信用代码'"/><xsl:with-param name="v" select="$c/*[local-name() = 'uscc']"/><xsl:with-param name="mono" select="true()"/></xsl:call-template>
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
      <xsl:call-template name="cert-row"><xsl:with-param name="k" select="'证书编号'"/><xsl:with-param name="v" select="$serial"/><xsl:with-param name="mono" select="true()"/></xsl:call-template>
      <xsl:call-template name="cert-row"><xsl:with-param name="k" select="'适用标准'"/><xsl:with-param name="v" select="concat($c/*[local-name() = 'ruleSet'], ' 年版')"/></xsl:call-template>
      <xsl:call-template name="cert-row"><xsl:with-param name="k" select="'有效期'"/><xsl:with-param name="v" select="concat($st/@validFrom, ' 至 ', $st/@validUntil)"/></xsl:call-template>
      <div class="summary__row">
        <dt>签发时间</dt>
        <dd><xsl:call-template name="datetime"><xsl:with-param name="t" select="string($c/*[local-name() = 'issuedAt'])"/></xsl:call-template></dd>
      </div>
      <xsl:call-template name="cert-row"><xsl:with-param name="k" select="'签发机关'"/><xsl:with-param name="v" select="$c/*[local-name() = 'issuer']"/></xsl:call-template>
      <div class="summary__row">
        <dt>签名</dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$ver/@result = 'valid'">
              <xsl:text>本系统已核验：签名有效，由登记机关密钥 </xsl:text>
              <span class="mono"><xsl:value-of select="$ver/@keyId"/></span>
              <xsl:text>（</xsl:text><xsl:value-of select="$ver/@algorithm"/><xsl:text>）签发</xsl:text>
            </xsl:when>
            <xsl:when test="$ver">
              <strong>签名无法核验</strong><xsl:text>：</xsl:text><xsl:value-of select="$ver"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:text>密钥 </xsl:text><span class="mono"><xsl:value-of select="$st/@keyId"/></span>
              <xsl:text>（</xsl:text><xsl:value-of select="$sig/@algorithm"/><xsl:text>）</xsl:text>
            </xsl:otherwise>
          </xsl:choose>
        </dd>
      </div>
    </dl>
  </xsl:template>
</xsl:stylesheet>
