<?xml version="1.0" encoding="UTF-8"?>
<!-- keys.xsl: the signing keys, read-only (admin). Input:
       <page view="keys"><keys xmlns="urn:tierd:keys:1">…</keys></page>   GET /v1/keys -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    xmlns:k="urn:tierd:keys:1"
    exclude-result-prefixes="p k">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="'签名密钥'"/>
      <xsl:with-param name="nav" select="'keys'"/>
      <xsl:with-param name="main">
        <h1 class="heading-l">签名密钥</h1>
        <p class="lead">证书和撤销列表用这些密钥签名。密钥由运维人员用 tierctl key 管理，此处只读。</p>
        <xsl:choose>
          <xsl:when test="/p:page/k:keys/k:key">
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">密钥编号</th>
                    <th scope="col">算法</th>
                    <th scope="col">状态</th>
                    <th scope="col">启用时间</th>
                    <th scope="col">停用时间</th>
                  </tr>
                </thead>
                <tbody>
                  <xsl:for-each select="/p:page/k:keys/k:key">
                    <tr>
                      <td><code><xsl:value-of select="substring(@id, 1, 16)"/>…</code></td>
                      <td><xsl:value-of select="@algorithm"/></td>
                      <td>
                        <xsl:choose>
                          <xsl:when test="@active = 'true'">正在使用</xsl:when>
                          <xsl:otherwise>已停用</xsl:otherwise>
                        </xsl:choose>
                      </td>
                      <td><xsl:call-template name="datetime"><xsl:with-param name="t" select="@inUseFrom"/></xsl:call-template></td>
                      <td>
                        <xsl:choose>
                          <xsl:when test="@inUseUntil"><xsl:call-template name="datetime"><xsl:with-param name="t" select="@inUseUntil"/></xsl:call-template></xsl:when>
                          <xsl:otherwise>—</xsl:otherwise>
                        </xsl:choose>
                      </td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </div>
          </xsl:when>
          <xsl:otherwise><p class="empty">尚无签名密钥。</p></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
