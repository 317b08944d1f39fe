<?xml version="1.0" encoding="UTF-8"?>
<!-- notfound.xsl: the answer for a page that does not exist or is outside
     the reviewer's scope (another city's application). It says the same in
     both cases, so it tells nobody which applications exist. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    exclude-result-prefixes="p">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="'未找到页面'"/>
      <xsl:with-param name="main">
        <h1 class="heading-l">未找到页面</h1>
        <p>您要查看的申请或页面不存在，或不在您的审核范围内。</p>
        <p>如果您是通过输入网址进入的，请检查网址是否正确。</p>
        <p><a href="/queue">返回待办申请</a></p>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
