<?xml version="1.0" encoding="UTF-8"?>
<!-- check.xsl: the public certificate check (no sign-in), GET /check/{serial}
     — where a certificate's QR code leads. A bank or a buyer holding a
     certificate reads here whether it is valid, expired or revoked (with the
     dates), whose it is, the tier and level, and that this server verified
     the signature and with which key; then the signed XML to check it
     offline with the registry's public keys.
     Input: see _cert.xsl. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    exclude-result-prefixes="p">
  <xsl:import href="_layout.xsl"/>
  <xsl:import href="_cert.xsl"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="concat('证书核验 ', $serial)"/>
      <xsl:with-param name="main">
        <span class="caption">证书核验 · 证书编号 <span class="mono"><xsl:value-of select="$serial"/></span></span>
        <h1 class="heading-l"><xsl:value-of select="$c/*[local-name() = 'enterpriseName']"/></h1>
        <xsl:call-template name="cert-status"/>
        <xsl:call-template name="cert-fields"/>
        <h2 class="heading-m">自行核验</h2>
        <ul class="links">
          <li><a href="{concat('/check/', $serial, '/print')}">打印版证书（A4，带核验二维码）</a></li>
          <li><a href="{concat('/v1/certificates/', $serial, '/document')}" download="{concat($serial, '.xml')}">下载带签名的证书（XML）</a></li>
          <li><a href="/v1/keys">登记机关的全部公钥及其启用期</a></li>
          <li><a href="/v1/revocations">已撤销证书清单（带签名）</a></li>
        </ul>
        <p class="small">离线核验的步骤见本系统文档 docs/verify.md（随软件发布）：用 xmllint 取证书元素的规范化字节，再用 openssl 以上列公钥验证签名。</p>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
