<?xml version="1.0" encoding="UTF-8"?>
<!-- error.xsl: a request the registry could not or would not carry out (a
     form without its security token, the database unavailable …). Input:
       <page view="error"><form action="error"><error field="">句子</error></form></page> -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    exclude-result-prefixes="p">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="'无法完成请求'"/>
      <xsl:with-param name="main">
        <h1 class="heading-l">无法完成请求</h1>
        <xsl:for-each select="/p:page/p:form/p:error">
          <div class="error-summary" role="alert"><p class="error-summary__title"><xsl:value-of select="."/></p></div>
        </xsl:for-each>
        <p><a href="/queue">返回待办申请</a></p>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
