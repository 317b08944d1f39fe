<?xml version="1.0" encoding="UTF-8"?>
<!-- signin.xsl: the sign-in page. Input: <page view="signin"/>, with a
     <form action="signin"> carrying the name typed and the reason when a
     sign-in was refused (the password is never sent back). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    exclude-result-prefixes="p">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="'登录'"/>
      <xsl:with-param name="main">
        <div class="narrow">
          <h1 class="heading-l">登录</h1>
          <p class="lead">市、省工业和信息化主管部门的审核人员使用本系统审核企业申请。</p>
          <form method="post" action="/signin" novalidate="novalidate">
            <xsl:call-template name="csrf-field"/>
            <xsl:call-template name="text-field">
              <xsl:with-param name="name" select="'name'"/>
              <xsl:with-param name="label" select="'账户名'"/>
              <xsl:with-param name="hint" select="'由系统管理员分配，例如 jinan.review'"/>
              <xsl:with-param name="required" select="true()"/>
              <xsl:with-param name="autocomplete" select="'username'"/>
              <xsl:with-param name="width" select="'20'"/>
            </xsl:call-template>
            <xsl:call-template name="text-field">
              <xsl:with-param name="name" select="'password'"/>
              <xsl:with-param name="label" select="'密码'"/>
              <xsl:with-param name="type" select="'password'"/>
              <xsl:with-param name="required" select="true()"/>
              <xsl:with-param name="autocomplete" select="'current-password'"/>
              <xsl:with-param name="width" select="'20'"/>
            </xsl:call-template>
            <button type="submit" class="button">登录</button>
          </form>
          <p class="small">忘记密码或账户被锁定，请联系本单位的系统管理员重置。</p>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
