<?xml version="1.0" encoding="UTF-8"?>
<!-- certificates.xsl: find a certificate by its number (province). Input:
       <page view="certificates">
         <form action="find"><field name="serial">…</field><error field="serial">…</error></form>
       </page>                                     the form only after a refused search -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    exclude-result-prefixes="p">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="'证书'"/>
      <xsl:with-param name="nav" select="'certificate'"/>
      <xsl:with-param name="main">
        <h1 class="heading-l">证书</h1>
        <p class="lead">输入证书编号查看证书状态、下载带签名的证书或撤销证书。</p>
        <form class="filters" method="get" action="/certificates" novalidate="novalidate">
          <div class="filters__row">
            <xsl:call-template name="text-field">
              <xsl:with-param name="name" select="'serial'"/>
              <xsl:with-param name="label" select="'证书编号'"/>
              <xsl:with-param name="hint" select="'例如 SS-2026-01M91ACWGGXH4CQ1EB'"/>
              <xsl:with-param name="width" select="'30'"/>
            </xsl:call-template>
            <button type="submit" class="button">查看</button>
          </div>
        </form>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
