<?xml version="1.0" encoding="UTF-8"?>
<!-- apply.xsl: a tier's application form, generated from the tier's XSD —
     not one hand-written form per tier: a schema change changes the form.
     Input:
       <page view="apply">
         <xs:schema targetNamespace="urn:tierd:application:TIER:1">  the tier's schema
         <xs:schema targetNamespace="urn:tierd:common:1">            common.xsd (simple types)
         <xs:schema …>                                                common-blocks.xsd (shared blocks)
       </page>
     From the element `application` down: a complex type is a fieldset whose
     legend is the element's xs:documentation; a simple type an input whose
     label is the element's xs:documentation and whose hint is the type's;
     the kind comes from the type: c:Date a date, amounts (…Yuan, UsDollars)
     text with two decimals, counts, years and ranks numbers, c:Flag 是/否, an
     enumeration a select. An element that may repeat is shown as many times
     as it must occur (at least once); field names are the element path with
     1-based positions (financials.year.1.revenue; an attribute as
     financials.year.1.@value). Optional elements say （选填）. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:p="urn:tierd:page:1"
    exclude-result-prefixes="xs p">
  <xsl:import href="_layout.xsl"/>

  <xsl:variable name="schemas" select="/p:page/xs:schema"/>
  <xsl:variable name="tier-schema" select="$schemas[starts-with(@targetNamespace, 'urn:tierd:application:')][1]"/>
  <!-- a document to fill the form from (an upload, a draft, a returned
       application), when the page carries one -->
  <xsl:variable name="doc" select="/p:page/*[local-name() = 'application'][starts-with(namespace-uri(), 'urn:tierd:application:')][1]"/>
  <!-- the page's state: draft, replaces, rows of repeating groups, the check -->
  <xsl:variable name="state" select="/p:page/p:state"/>
  <xsl:variable name="tier" select="substring-before(substring-after($tier-schema/@targetNamespace, 'urn:tierd:application:'), ':')"/>

  <xsl:template match="/">
    <xsl:variable name="tier-name">
      <xsl:call-template name="tier-zh"><xsl:with-param name="t" select="$tier"/></xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="concat('申报', $tier-name)"/>
      <xsl:with-param name="main">
        <span class="caption">申报书 · 按本类别的数据规范（XSD）生成</span>
        <h1 class="heading-l">申报<xsl:value-of select="$tier-name"/></h1>
        <xsl:if test="$state/@replaces">
          <p class="lede">修改后重新提交：本申报书将替代已退回的第 <a href="{concat('/applications/', $state/@replaces)}"><xsl:value-of select="$state/@replaces"/></a> 号申请。</p>
        </xsl:if>
        <xsl:call-template name="verdict"/>
        <form method="post" action="{concat('/apply/', $tier)}" novalidate="novalidate" class="apply">
          <xsl:call-template name="csrf-field"/>
          <!-- Enter in a field presses the first submit button: let it be 检查,
               not a row's 删除 -->
          <button type="submit" name="do" value="check" class="visually-hidden" tabindex="-1" aria-hidden="true">检查</button>
          <xsl:if test="$state/@draft">
            <input type="hidden" name="draft" value="{$state/@draft}"/>
          </xsl:if>
          <xsl:if test="$state/@replaces">
            <input type="hidden" name="replaces" value="{$state/@replaces}"/>
          </xsl:if>
          <xsl:apply-templates select="$tier-schema/xs:element[@name = 'application']/xs:complexType" mode="content">
            <xsl:with-param name="path" select="''"/>
            <xsl:with-param name="node" select="$doc"/>
          </xsl:apply-templates>
          <div class="apply__actions">
            <button type="submit" class="button" name="do" value="check">检查</button>
            <button type="submit" class="button button--secondary" name="do" value="save">保存草稿</button>
            <button type="submit" class="button button--warning" name="do" value="submit">提交</button>
          </div>
        </form>
        <xsl:if test="$state/@draft">
          <p><a href="{concat('/drafts/', $state/@draft, '/document.xml')}" download="{concat($tier, '-draft-', $state/@draft, '.xml')}">下载本草稿的 XML 文件</a></p>
        </xsl:if>
        <form method="post" action="/apply/upload" enctype="multipart/form-data" class="upload">
          <xsl:call-template name="csrf-field"/>
          <div class="field">
            <label class="label" for="f-xml">或上传申报书 XML 文件</label>
            <p class="hint" id="f-xml-hint">按数据规范（XSD）编写的申报书；上传后按同样的规则检查，并填入上面的表单。</p>
            <input class="file-upload" type="file" id="f-xml" name="xml" accept=".xml,application/xml,text/xml" aria-describedby="f-xml-hint"/>
          </div>
          <button type="submit" class="button button--secondary">上传并检查</button>
        </form>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- the children and attributes of a complex type, under path -->
  <xsl:template match="xs:complexType" mode="content">
    <xsl:param name="path"/>
    <xsl:param name="node"/>
    <xsl:for-each select="xs:attribute">
      <xsl:variable name="an" select="@name"/>
      <xsl:call-template name="simple">
        <xsl:with-param name="name" select="concat($path, '@', @name)"/>
        <xsl:with-param name="value" select="string($node/@*[local-name() = $an])"/>
        <xsl:with-param name="label">
          <xsl:choose>
            <xsl:when test="xs:annotation/xs:documentation"><xsl:value-of select="normalize-space(xs:annotation/xs:documentation)"/></xsl:when>
            <xsl:when test="@name = 'value'">会计年度</xsl:when>
            <xsl:when test="@name = 'ruleSet'">适用的认定标准版本（不选则按申报日期当时有效的版本）</xsl:when>
            <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="type" select="@type"/>
        <xsl:with-param name="optional" select="@use != 'required'"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="xs:sequence/xs:element | xs:all/xs:element">
      <xsl:call-template name="element">
        <xsl:with-param name="path" select="$path"/>
        <xsl:with-param name="node" select="$node"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="element">
    <xsl:param name="path"/>
    <xsl:param name="node"/>
    <xsl:variable name="en" select="@name"/>
    <xsl:variable name="have" select="count($node/*[local-name() = $en])"/>
    <xsl:variable name="min" select="number(concat('0', @minOccurs)) + number(not(@minOccurs))"/>
    <xsl:variable name="repeats" select="@maxOccurs and @maxOccurs != '1'"/>
    <!-- rows the form showed last time (empty ones too), or one more after 添加 -->
    <xsl:variable name="asked" select="number(concat('0', $state/p:repeat[@path = concat($path, $en)]/@count))"/>
    <xsl:variable name="max" select="number(concat('0', translate(@maxOccurs, 'unbounded', ''))) + 100000 * number(@maxOccurs = 'unbounded')"/>
    <xsl:variable name="count">
      <xsl:choose>
        <xsl:when test="$repeats and $asked &gt; $have and $asked &gt; $min and $asked &gt; 1 and $asked &lt;= $max"><xsl:value-of select="$asked"/></xsl:when>
        <xsl:when test="$have &gt; $min and $have &gt; 1"><xsl:value-of select="$have"/></xsl:when>
        <xsl:when test="$min &gt; 1"><xsl:value-of select="$min"/></xsl:when>
        <xsl:otherwise>1</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="instances">
      <xsl:with-param name="el" select="."/>
      <xsl:with-param name="path" select="$path"/>
      <xsl:with-param name="i" select="1"/>
      <xsl:with-param name="n" select="number($count)"/>
      <xsl:with-param name="repeats" select="$repeats"/>
      <xsl:with-param name="node" select="$node"/>
      <xsl:with-param name="removable" select="$repeats and number($count) &gt; $min and number($count) &gt; 1"/>
    </xsl:call-template>
    <xsl:if test="$repeats and number($count) &lt; $max">
      <p class="apply__row-actions">
        <button type="submit" class="button button--secondary button--small" name="do" value="{concat('add:', $path, $en)}">
          <xsl:text>添加一项：</xsl:text><xsl:value-of select="normalize-space(xs:annotation/xs:documentation)"/>
        </button>
      </p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="instances">
    <xsl:param name="removable" select="false()"/>
    <xsl:param name="node"/>
    <xsl:param name="el"/>
    <xsl:param name="path"/>
    <xsl:param name="i"/>
    <xsl:param name="n"/>
    <xsl:param name="repeats"/>
    <xsl:if test="$i &lt;= $n">
      <xsl:variable name="name">
        <xsl:value-of select="concat($path, $el/@name)"/>
        <xsl:if test="$repeats"><xsl:value-of select="concat('.', $i)"/></xsl:if>
      </xsl:variable>
      <xsl:variable name="label">
        <xsl:value-of select="normalize-space($el/xs:annotation/xs:documentation)"/>
        <xsl:if test="$repeats"><xsl:value-of select="concat(' ', $i)"/></xsl:if>
      </xsl:variable>
      <xsl:variable name="local">
        <xsl:choose>
          <xsl:when test="contains($el/@type, ':')"><xsl:value-of select="substring-after($el/@type, ':')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$el/@type"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="complex" select="$schemas/xs:complexType[@name = $local] | $el/xs:complexType"/>
      <xsl:variable name="me" select="$node/*[local-name() = $el/@name][$i]"/>
      <xsl:choose>
        <xsl:when test="$complex">
          <fieldset class="fieldset apply__group" id="{concat('g-', $name)}">
            <legend class="legend apply__legend">
              <xsl:value-of select="$label"/>
              <xsl:if test="$el/@minOccurs = '0'"><span class="required">（选填）</span></xsl:if>
            </legend>
            <xsl:apply-templates select="$complex[1]" mode="content">
              <xsl:with-param name="path" select="concat($name, '.')"/>
              <xsl:with-param name="node" select="$me"/>
            </xsl:apply-templates>
          </fieldset>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="simple">
            <xsl:with-param name="name" select="$name"/>
            <xsl:with-param name="label" select="$label"/>
            <xsl:with-param name="type" select="$el/@type"/>
            <xsl:with-param name="optional" select="$el/@minOccurs = '0'"/>
            <xsl:with-param name="value" select="string($me)"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$removable">
        <p class="apply__row-actions">
          <button type="submit" class="button button--secondary button--small" name="do" value="{concat('remove:', $name)}">
            <xsl:text>删除：</xsl:text><xsl:value-of select="$label"/>
          </button>
        </p>
      </xsl:if>
      <xsl:call-template name="instances">
        <xsl:with-param name="removable" select="$removable"/>
        <xsl:with-param name="el" select="$el"/>
        <xsl:with-param name="path" select="$path"/>
        <xsl:with-param name="i" select="$i + 1"/>
        <xsl:with-param name="n" select="$n"/>
        <xsl:with-param name="repeats" select="$repeats"/>
        <xsl:with-param name="node" select="$node"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- one input for a value of simple type `type` ("c:Date") -->
  <xsl:template name="simple">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="type"/>
    <xsl:param name="optional"/>
    <xsl:param name="value" select="''"/>
    <xsl:variable name="local">
      <xsl:choose>
        <xsl:when test="contains($type, ':')"><xsl:value-of select="substring-after($type, ':')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$type"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="st" select="$schemas/xs:simpleType[@name = $local]"/>
    <!-- a select needs no hint about how to type its value -->
    <xsl:variable name="hint" select="normalize-space($st[not($local = 'Flag' or xs:restriction/xs:enumeration)]/xs:annotation/xs:documentation)"/>
    <xsl:variable name="id" select="concat('f-', $name)"/>
    <xsl:variable name="wrong" select="boolean($errors[@field = $name])"/>
    <div class="field{substring(' field--error', 1, 14 * $wrong)}">
      <label class="label" for="{$id}">
        <xsl:value-of select="$label"/>
        <xsl:if test="$optional"><span class="required">（选填）</span></xsl:if>
      </label>
      <xsl:if test="$hint != ''">
        <p class="hint" id="{concat($id, '-hint')}"><xsl:value-of select="$hint"/></p>
      </xsl:if>
      <xsl:call-template name="field-error">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="$local = 'Flag'">
          <select class="select" id="{$id}" name="{$name}">
            <option value="">请选择</option>
            <option value="true">
              <xsl:if test="$value = 'true'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:text>是</xsl:text>
            </option>
            <option value="false">
              <xsl:if test="$value = 'false'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:text>否</xsl:text>
            </option>
          </select>
        </xsl:when>
        <xsl:when test="$st/xs:restriction/xs:enumeration">
          <select class="select" id="{$id}" name="{$name}">
            <option value="">请选择</option>
            <xsl:for-each select="$st/xs:restriction/xs:enumeration">
              <option value="{@value}">
                <xsl:if test="@value = $value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                <xsl:choose>
                  <xsl:when test="xs:annotation/xs:documentation"><xsl:value-of select="xs:annotation/xs:documentation"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="@value"/></xsl:otherwise>
                </xsl:choose>
              </option>
            </xsl:for-each>
          </select>
        </xsl:when>
        <xsl:otherwise>
          <input class="input" id="{$id}" name="{$name}">
            <xsl:choose>
              <xsl:when test="$local = 'Date'">
                <xsl:attribute name="type">date</xsl:attribute>
                <xsl:attribute name="class">input input--20</xsl:attribute>
              </xsl:when>
              <xsl:when test="$local = 'Yuan' or $local = 'NonNegativeYuan' or $local = 'PositiveYuan' or $local = 'UsDollars' or $local = 'Percentage'">
                <xsl:attribute name="type">text</xsl:attribute>
                <xsl:attribute name="inputmode">decimal</xsl:attribute>
                <xsl:attribute name="class">input input--20 input--amount</xsl:attribute>
              </xsl:when>
              <xsl:when test="$local = 'Count' or $local = 'Year' or $local = 'Rank' or $local = 'WholeScore' or $local = 'Score'">
                <xsl:attribute name="type">text</xsl:attribute>
                <xsl:attribute name="inputmode">numeric</xsl:attribute>
                <xsl:attribute name="class">input input--4</xsl:attribute>
              </xsl:when>
              <xsl:otherwise>
                <xsl:attribute name="type">text</xsl:attribute>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:if test="$value != ''">
              <xsl:attribute name="value"><xsl:value-of select="$value"/></xsl:attribute>
            </xsl:if>
            <xsl:if test="$wrong"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
            <xsl:if test="$hint != '' or $wrong">
              <xsl:attribute name="aria-describedby">
                <xsl:if test="$hint != ''"><xsl:value-of select="concat($id, '-hint')"/></xsl:if>
                <xsl:if test="$hint != '' and $wrong"><xsl:text> </xsl:text></xsl:if>
                <xsl:if test="$wrong"><xsl:value-of select="concat($id, '-error')"/></xsl:if>
              </xsl:attribute>
            </xsl:if>
          </input>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>
  <!-- 检查's verdict: the overall word, then what fails and what a person
       must confirm, each linked to its field -->
  <xsl:template name="verdict">
    <xsl:variable name="check" select="$state/p:check"/>
    <xsl:if test="$check">
      <section class="section check" aria-labelledby="h-check" id="check">
        <h2 class="heading-m" id="h-check">
          <xsl:text>检查结果：</xsl:text>
          <strong class="{concat('tag tag--', $check/@overall)}"><xsl:value-of select="$check/@label"/></strong>
        </h2>
        <p class="hint">按申报书中的数据和现行认定标准自动检查，仅供参考；提交后由审核部门认定。</p>
        <xsl:variable name="open" select="$check/p:finding[@verdict = 'fail' or @verdict = 'needs-review']"/>
        <xsl:choose>
          <xsl:when test="$open">
            <ul class="check__list">
              <xsl:for-each select="$open">
                <li>
                  <strong class="{concat('tag tag--', @verdict)}"><xsl:call-template name="verdict-zh"><xsl:with-param name="v" select="@verdict"/></xsl:call-template></strong>
                  <xsl:text> </xsl:text>
                  <xsl:choose>
                    <xsl:when test="@field != ''"><a href="{concat('#f-', @field)}"><xsl:value-of select="."/></a></xsl:when>
                    <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
                  </xsl:choose>
                  <xsl:if test="@measured != '' or @threshold != ''">
                    <span class="check__figures">（实测 <xsl:value-of select="@measured"/>；要求 <xsl:value-of select="@threshold"/>）</span>
                  </xsl:if>
                  <span class="check__clause">〔<xsl:value-of select="@clause"/>〕</span>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:when>
          <xsl:otherwise><p>各项指标均符合要求。</p></xsl:otherwise>
        </xsl:choose>
        <p class="hint"><xsl:value-of select="concat('共检查 ', count($check/p:finding), ' 项，符合 ', count($check/p:finding[@verdict = 'pass']), ' 项。')"/></p>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
