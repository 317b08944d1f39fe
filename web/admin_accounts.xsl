<?xml version="1.0" encoding="UTF-8"?>
<!-- admin_accounts.xsl: accounts, for admins. Input:
       <page view="admin_accounts">
         <accounts xmlns="urn:tierd:accounts:1">…</accounts>          GET /v1/accounts
         <form action="add|password|disable|enable|token">            a refused act, or
           <field name="account">NAME</field>                         the account acted on
           <field name="token">tierd_…</field>                        a token issued now (once)
           <field name="name|role|city|uscc">typed</field>
           <error field="name|role|city|uscc|password|new-password|">句子</error>
         </form>
       </page>
     A token is shown only on the answer of the POST that issued it; the
     database keeps its SHA-256, so no page can show it again. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    xmlns:a="urn:tierd:accounts:1"
    exclude-result-prefixes="p a">
  <xsl:import href="_layout.xsl"/>

  <xsl:variable name="form" select="/p:page/p:form"/>
  <xsl:variable name="cities" select="'|（市级审核员必选）;370100|济南市;370200|青岛市;370300|淄博市;370400|枣庄市;370500|东营市;370600|烟台市;370700|潍坊市;370800|济宁市;370900|泰安市;371000|威海市;371100|日照市;371300|临沂市;371400|德州市;371500|聊城市;371600|滨州市;371700|菏泽市;'"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="'账户管理'"/>
      <xsl:with-param name="nav" select="'accounts'"/>
      <xsl:with-param name="main">
        <h1 class="heading-l">账户管理</h1>

        <xsl:if test="$form/@action = 'token' and $form/p:field[@name = 'token']">
          <div class="panel panel--token" role="status" aria-labelledby="h-token">
            <h2 class="heading-m" id="h-token">
              <xsl:text>已为 </xsl:text><xsl:value-of select="$form/p:field[@name = 'account']"/>
              <xsl:text> 签发 API 令牌</xsl:text>
            </h2>
            <p><strong>请立即复制保存。此令牌只显示这一次，离开或刷新本页后无法再次查看</strong>（系统只保存其摘要）。</p>
            <p><label class="label" for="f-token">API 令牌</label>
              <input class="input mono" id="f-token" name="token" type="text" readonly="readonly"
                     value="{$form/p:field[@name = 'token']}" autocomplete="off"/></p>
          </div>
        </xsl:if>

        <section class="section" aria-labelledby="h-list">
          <h2 class="heading-m" id="h-list">现有账户</h2>
          <xsl:choose>
            <xsl:when test="/p:page/a:accounts/a:account">
              <div class="table-wrap">
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">账户名</th>
                      <th scope="col">角色</th>
                      <th scope="col">城市 / 信用代码</th>
                      <th scope="col">状态</th>
                      <th scope="col">登录密码</th>
                      <th scope="col" class="num">有效令牌</th>
                      <th scope="col">操作</th>
                    </tr>
                  </thead>
                  <tbody>
                    <xsl:apply-templates select="/p:page/a:accounts/a:account"/>
                  </tbody>
                </table>
              </div>
            </xsl:when>
            <xsl:otherwise><p class="empty">尚无账户。</p></xsl:otherwise>
          </xsl:choose>
        </section>

        <section class="section" aria-labelledby="h-add">
          <h2 class="heading-m" id="h-add">添加账户</h2>
          <form method="post" action="/admin/accounts" novalidate="novalidate">
            <xsl:call-template name="csrf-field"/>
            <xsl:call-template name="text-field">
              <xsl:with-param name="name" select="'name'"/>
              <xsl:with-param name="label" select="'账户名'"/>
              <xsl:with-param name="hint" select="'1 至 100 个字符：字母、数字和 . _ @ -，如 jinan.reviewer'"/>
              <xsl:with-param name="required" select="true()"/>
              <xsl:with-param name="autocomplete" select="'off'"/>
              <xsl:with-param name="value" select="$form[@action = 'add']/p:field[@name = 'name']"/>
            </xsl:call-template>
            <xsl:call-template name="select">
              <xsl:with-param name="name" select="'role'"/>
              <xsl:with-param name="label" select="'角色'"/>
              <xsl:with-param name="options" select="'city-reviewer|市级审核员;province-reviewer|省级审核员;admin|系统管理员;enterprise|企业;'"/>
            </xsl:call-template>
            <xsl:call-template name="select">
              <xsl:with-param name="name" select="'city'"/>
              <xsl:with-param name="label" select="'所属城市'"/>
              <xsl:with-param name="hint" select="'市级审核员只审核本市的申请；其他角色不选'"/>
              <xsl:with-param name="options" select="$cities"/>
            </xsl:call-template>
            <xsl:call-template name="text-field">
              <xsl:with-param name="name" select="'uscc'"/>
              <xsl:with-param name="label" select="'统一社会信用代码'"/>
              <xsl:with-param name="hint" select="'企业账户必填，18 位；其他角色不填'"/>
              <xsl:with-param name="width" select="'20'"/>
              <xsl:with-param name="autocomplete" select="'off'"/>
              <xsl:with-param name="value" select="$form[@action = 'add']/p:field[@name = 'uscc']"/>
            </xsl:call-template>
            <xsl:call-template name="text-field">
              <xsl:with-param name="name" select="'password'"/>
              <xsl:with-param name="label" select="'初始密码（选填）'"/>
              <xsl:with-param name="hint" select="'至少 10 个字符；不填则该账户只能用 API 令牌，之后可再设置'"/>
              <xsl:with-param name="type" select="'password'"/>
              <xsl:with-param name="autocomplete" select="'new-password'"/>
              <xsl:with-param name="value" select="''"/>
            </xsl:call-template>
            <button type="submit" class="button">添加账户</button>
          </form>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- One account: its facts, and its acts (each a POST form with the CSRF
       token; the password form opens in a details element). -->
  <xsl:template match="a:account">
    <xsl:variable name="mine" select="$form[p:field[@name = 'account'] = current()/@name]"/>
    <xsl:variable name="pw-id">
      <xsl:choose>
        <xsl:when test="$mine[@action = 'password']">f-new-password</xsl:when>
        <xsl:otherwise><xsl:value-of select="concat('pw-', position())"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <tr>
      <td><xsl:value-of select="@name"/></td>
      <td>
        <xsl:call-template name="role-of"><xsl:with-param name="r" select="string(@role)"/></xsl:call-template>
      </td>
      <td>
        <xsl:choose>
          <xsl:when test="@city != ''"><xsl:call-template name="city-zh"><xsl:with-param name="c" select="string(@city)"/></xsl:call-template></xsl:when>
          <xsl:when test="@uscc != ''"><span class="mono"><xsl:value-of select="@uscc"/></span></xsl:when>
          <xsl:otherwise>—</xsl:otherwise>
        </xsl:choose>
      </td>
      <td>
        <xsl:choose>
          <xsl:when test="@state = 'disabled'"><strong class="tag tag--fail">已停用</strong></xsl:when>
          <xsl:otherwise><strong class="tag tag--pass">启用</strong></xsl:otherwise>
        </xsl:choose>
      </td>
      <td><xsl:choose><xsl:when test="@password = 'true'">已设置</xsl:when><xsl:otherwise>未设置</xsl:otherwise></xsl:choose></td>
      <td class="num"><xsl:value-of select="@tokens"/></td>
      <td class="actions">
        <xsl:choose>
          <xsl:when test="@state = 'disabled'">
            <form method="post" action="/admin/accounts/{@name}/enable" class="inline">
              <xsl:call-template name="csrf-field"/>
              <button type="submit" class="button button--secondary" aria-label="启用 {@name}">启用</button>
            </form>
          </xsl:when>
          <xsl:otherwise>
            <form method="post" action="/admin/accounts/{@name}/disable" class="inline">
              <xsl:call-template name="csrf-field"/>
              <button type="submit" class="button button--warning" aria-label="停用 {@name}">停用</button>
            </form>
            <form method="post" action="/admin/accounts/{@name}/token" class="inline">
              <xsl:call-template name="csrf-field"/>
              <button type="submit" class="button button--secondary" aria-label="为 {@name} 签发令牌">签发令牌</button>
            </form>
          </xsl:otherwise>
        </xsl:choose>
        <details>
          <xsl:if test="$mine[@action = 'password']"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
          <summary>设置密码</summary>
          <form method="post" action="/admin/accounts/{@name}/password">
            <xsl:call-template name="csrf-field"/>
            <div class="field{substring(' field--error', 1, 14 * boolean($mine[@action = 'password'] and $errors[@field = 'new-password']))}">
              <label class="label" for="{$pw-id}">新密码（<xsl:value-of select="@name"/>）</label>
              <xsl:if test="$mine[@action = 'password']">
                <xsl:call-template name="field-error"><xsl:with-param name="name" select="'new-password'"/></xsl:call-template>
              </xsl:if>
              <input class="input" id="{$pw-id}" name="password" type="password" autocomplete="new-password">
                <xsl:if test="$mine[@action = 'password'] and $errors[@field = 'new-password']">
                  <xsl:attribute name="aria-invalid">true</xsl:attribute>
                  <xsl:attribute name="aria-describedby">f-new-password-error</xsl:attribute>
                </xsl:if>
              </input>
            </div>
            <button type="submit" class="button button--secondary">保存密码</button>
          </form>
        </details>
      </td>
    </tr>
  </xsl:template>

  <xsl:template name="role-of">
    <xsl:param name="r"/>
    <xsl:choose>
      <xsl:when test="$r = 'city-reviewer'">市级审核员</xsl:when>
      <xsl:when test="$r = 'province-reviewer'">省级审核员</xsl:when>
      <xsl:when test="$r = 'admin'">系统管理员</xsl:when>
      <xsl:when test="$r = 'enterprise'">企业</xsl:when>
      <xsl:otherwise><xsl:value-of select="$r"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
