<?xml version="1.0" encoding="UTF-8"?>
<!-- applyindex.xsl: an enterprise chooses what to apply for. Input:
       <page view="applyindex">
         <requirements today="2026-12-05" ruleSet="2026">            the rule set in force today
           <tier code="specialized-sme" ruleSet="2026" name="专精特新中小企业">
             <criterion rule="…" clause="…" threshold="…" judgement="0|1">what it requires</criterion>
           </tier> …
         </requirements>
       </page>
     The criteria are those the rules judge (an application that gave
     nothing, judged today): the registry's own knowledge, not a text kept
     beside it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    exclude-result-prefixes="p">
  <xsl:import href="_layout.xsl"/>

  <xsl:variable name="req" select="/p:page/p:requirements"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="'申报'"/>
      <xsl:with-param name="nav" select="'apply'"/>
      <xsl:with-param name="main">
        <h1 class="heading-l">选择申报类别</h1>
        <p class="lead">
          <xsl:text>今天（</xsl:text><xsl:value-of select="$req/@today"/>
          <xsl:text>）提交的申请按 </xsl:text>
          <strong>
            <xsl:choose>
              <xsl:when test="$req/@ruleSet = '2026'">2026 年认定标准（工信部企业〔2026〕2号，2026年4月1日起施行）</xsl:when>
              <xsl:otherwise>2022 年认定标准（工信部企业〔2022〕63号及各类别的认定办法）</xsl:otherwise>
            </xsl:choose>
          </strong>
          <xsl:text>认定。下面列出每个类别的各项要求及其依据条款；填写时可随时“检查”。</xsl:text>
        </p>
        <xsl:for-each select="$req/p:tier">
          <section class="section tier-choice" aria-labelledby="{concat('h-', @code)}">
            <h2 class="heading-m" id="{concat('h-', @code)}"><xsl:value-of select="@name"/></h2>
            <p><a class="button" href="{concat('/apply/', @code)}" role="button"><xsl:value-of select="concat('填写', @name, '申报书')"/></a></p>
            <details class="details">
              <summary><xsl:value-of select="concat('认定要求（', count(p:criterion), ' 项）')"/></summary>
              <table class="table">
                <thead>
                  <tr><th scope="col">要求</th><th scope="col">标准</th><th scope="col">依据</th></tr>
                </thead>
                <tbody>
                  <xsl:for-each select="p:criterion">
                    <tr>
                      <td>
                        <xsl:value-of select="."/>
                        <xsl:if test="@judgement = '1'"><span class="hint">（由审核人员依据材料判断）</span></xsl:if>
                      </td>
                      <td><xsl:value-of select="@threshold"/></td>
                      <td><xsl:value-of select="@clause"/></td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </details>
          </section>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
