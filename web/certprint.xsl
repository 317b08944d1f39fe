<?xml version="1.0" encoding="UTF-8"?>
<!-- certprint.xsl: a certificate to print on one A4 page (the enterprise's
     "my certificates"): the signed fields, the signing key's fingerprint and
     a QR code drawn by the server that opens the public check page of the
     serial, with that URL printed under it for those who type it.
     Input: see _cert.xsl (the svg element is required here). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    xmlns:svg="http://www.w3.org/2000/svg"
    exclude-result-prefixes="p svg">
  <xsl:import href="_layout.xsl"/>
  <xsl:import href="_cert.xsl"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="concat('证书 ', $serial, '（打印）')"/>
      <xsl:with-param name="main">
        <article class="print-cert">
          <p class="print-cert__issuer"><xsl:value-of select="$c/*[local-name() = 'issuer']"/></p>
          <h1 class="print-cert__title">
            <xsl:call-template name="tier-zh"><xsl:with-param name="t" select="$c/*[local-name() = 'tier']/@code"/></xsl:call-template>
            <xsl:text>证书</xsl:text>
          </h1>
          <p class="print-cert__name"><xsl:value-of select="$c/*[local-name() = 'enterpriseName']"/></p>
          <xsl:if test="$st/@status != 'valid'">
            <xsl:call-template name="cert-status"/>
          </xsl:if>
          <xsl:call-template name="cert-fields"/>
          <div class="print-cert__foot">
            <figure class="print-cert__qr">
              <xsl:copy-of select="$qr"/>
              <figcaption>扫码核验：<span class="mono"><xsl:value-of select="$qr/@aria-label"/></span></figcaption>
            </figure>
            <div class="print-cert__key">
              <p><strong>签名密钥指纹</strong></p>
              <p class="mono"><xsl:value-of select="$st/@keyId"/></p>
              <p class="small">证书以登记机关的私钥签名（<xsl:value-of select="$sig/@algorithm"/>）。扫描二维码或访问其下方的网址，可查看证书当前是否有效、是否已撤销。</p>
            </div>
          </div>
          <p class="print-cert__hint small no-print">打印：使用浏览器的“打印”，纸张 A4，边距默认。</p>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
