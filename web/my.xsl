<?xml version="1.0" encoding="UTF-8"?>
<!-- my.xsl: an enterprise's own work. Input:
       <page view="my">
         <submissions xmlns="urn:tierd:submissions:1">…</submissions>  GET /v1/submissions (its own)
         <drafts><draft id tier replaces bytes updatedAt>tier name</draft>…</drafts>
         <titles><certificate serial tier state validFrom validUntil revokedOn submission>tier name</certificate>…</titles>
       </page>
     States are shown with status-zh, which shows a state it does not know
     as it is (new lifecycle states need no change here). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    xmlns:s="urn:tierd:submissions:1"
    exclude-result-prefixes="p s">
  <xsl:import href="_layout.xsl"/>

  <xsl:variable name="list" select="/p:page/s:submissions"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="'我的申请'"/>
      <xsl:with-param name="nav" select="'my'"/>
      <xsl:with-param name="main">
        <h1 class="heading-l">我的申请</h1>
        <p><a class="button" href="/apply" role="button">新的申报</a></p>

        <section class="section" aria-labelledby="h-drafts">
          <h2 class="heading-m" id="h-drafts">草稿</h2>
          <xsl:choose>
            <xsl:when test="/p:page/p:drafts/p:draft">
              <table class="table drafts">
                <thead>
                  <tr><th scope="col">申报类别</th><th scope="col">保存时间</th><th scope="col">操作</th></tr>
                </thead>
                <tbody>
                  <xsl:for-each select="/p:page/p:drafts/p:draft">
                    <tr>
                      <td>
                        <xsl:value-of select="."/>
                        <xsl:if test="@replaces != '0'">
                          <span class="hint"><xsl:value-of select="concat('（第 ', @replaces, ' 号申请的修改稿）')"/></span>
                        </xsl:if>
                      </td>
                      <td><xsl:call-template name="datetime"><xsl:with-param name="t" select="@updatedAt"/></xsl:call-template></td>
                      <td class="actions">
                        <a href="{concat('/apply/', @tier, '?draft=', @id)}">继续填写</a>
                        <xsl:text> · </xsl:text>
                        <a href="{concat('/drafts/', @id, '/document.xml')}">下载 XML</a>
                        <form class="inline" method="post" action="{concat('/drafts/', @id, '/delete')}">
                          <xsl:call-template name="csrf-field"/>
                          <button type="submit" class="link-button"><xsl:value-of select="'删除'"/><span class="visually-hidden"><xsl:value-of select="concat('草稿 ', @id)"/></span></button>
                        </form>
                      </td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </xsl:when>
            <xsl:otherwise><p class="empty">没有草稿。</p></xsl:otherwise>
          </xsl:choose>
        </section>

        <section class="section" aria-labelledby="h-apps">
          <h2 class="heading-m" id="h-apps">已提交的申请</h2>
          <xsl:choose>
            <xsl:when test="$list/s:submission">
              <table class="table applications">
                <thead>
                  <tr>
                    <th scope="col">编号</th>
                    <th scope="col">申报类别</th>
                    <th scope="col">提交时间</th>
                    <th scope="col">状态</th>
                    <th scope="col">操作</th>
                  </tr>
                </thead>
                <tbody>
                  <xsl:for-each select="$list/s:submission">
                    <tr>
                      <td><a href="{concat('/applications/', @id)}"><xsl:value-of select="concat('第 ', @id, ' 号')"/></a></td>
                      <td><xsl:call-template name="tier-zh"><xsl:with-param name="t" select="s:tier"/></xsl:call-template></td>
                      <td><xsl:call-template name="datetime"><xsl:with-param name="t" select="s:submittedAt"/></xsl:call-template></td>
                      <td class="status"><xsl:call-template name="status-zh"><xsl:with-param name="s" select="s:status"/></xsl:call-template></td>
                      <td class="actions">
                        <a href="{concat('/applications/', @id)}">审核记录</a>
                        <xsl:if test="s:status = 'returned'">
                          <xsl:text> · </xsl:text>
                          <a href="{concat('/apply/', s:tier, '?replaces=', @id)}">修改后重新提交</a>
                        </xsl:if>
                      </td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </xsl:when>
            <xsl:otherwise><p class="empty">还没有提交过申请。</p></xsl:otherwise>
          </xsl:choose>
        </section>

        <section class="section" aria-labelledby="h-certs">
          <h2 class="heading-m" id="h-certs">我的证书</h2>
          <xsl:choose>
            <xsl:when test="/p:page/p:titles/p:certificate">
              <table class="table certificates">
                <thead>
                  <tr>
                    <th scope="col">证书编号</th>
                    <th scope="col">类别</th>
                    <th scope="col">有效期</th>
                    <th scope="col">状态</th>
                    <th scope="col">下载</th>
                  </tr>
                </thead>
                <tbody>
                  <xsl:for-each select="/p:page/p:titles/p:certificate">
                    <tr>
                      <td><a href="{concat('/check/', @serial)}"><xsl:value-of select="@serial"/></a></td>
                      <td><xsl:value-of select="."/></td>
                      <td><xsl:value-of select="concat(@validFrom, ' 至 ', @validUntil)"/></td>
                      <td>
                        <xsl:choose>
                          <xsl:when test="@state = 'valid'">有效</xsl:when>
                          <xsl:when test="@state = 'revoked'"><xsl:value-of select="concat('已撤销（', @revokedOn, '）')"/></xsl:when>
                          <xsl:when test="@state = 'superseded'">已由复核后的新证书替代</xsl:when>
                          <xsl:otherwise><xsl:value-of select="@state"/></xsl:otherwise>
                        </xsl:choose>
                      </td>
                      <td class="actions">
                        <a href="{concat('/check/', @serial, '/print')}">可打印的证书</a>
                        <xsl:text> · </xsl:text>
                        <a href="{concat('/v1/certificates/', @serial, '/document')}">带签名的证书（XML）</a>
                      </td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </xsl:when>
            <xsl:otherwise><p class="empty">还没有证书。</p></xsl:otherwise>
          </xsl:choose>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
