<?xml version="1.0" encoding="UTF-8"?>
<!-- _layout.xsl: what every page shares. Imported by each page stylesheet.

     The frame (header with the registry's name and the signed-in account,
     navigation, footer), the labels of codes (status, verdict, tier, city,
     decision), and the form pattern after the GOV.UK Design System: an error
     summary at the top linking to each field, the message beside the field,
     a label and a hint on every input, what was typed kept.

     Parameters (strings, set by the daemon for each page):
       csrf      the session's CSRF token (web_session.h); "" when signed out
       user      the signed-in account's name; "" when signed out
       role      city-reviewer | province-reviewer | admin | enterprise | ""
       scope     the reviewer's city name, for city reviewers
       flash     a one-line notice after a redirect ("已退回第 12 号申请")
       static    where the CSS lives ("/static/"; "./" for previews)
       registry  the registry's name -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    exclude-result-prefixes="p">

  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:param name="csrf" select="''"/>
  <xsl:param name="user" select="''"/>
  <xsl:param name="role" select="''"/>
  <xsl:param name="scope" select="''"/>
  <xsl:param name="flash" select="''"/>
  <xsl:param name="static" select="'/static/'"/>
  <xsl:param name="registry" select="'优质中小企业梯度培育登记系统'"/>

  <xsl:variable name="errors" select="/p:page/p:form/p:error"/>

  <!-- The frame. title: the page's own title; main: its content. -->
  <xsl:template name="frame">
    <xsl:param name="title"/>
    <xsl:param name="main"/>
    <xsl:param name="nav" select="/p:page/@view"/>
    <html lang="zh-CN">
      <head>
        <!-- the charset meta comes from the serializer (method="html") -->
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:if test="$errors">错误：</xsl:if>
          <xsl:value-of select="$title"/> — <xsl:value-of select="$registry"/>
        </title>
        <link rel="stylesheet" href="{$static}tierd.css"/>
      </head>
      <body>
        <a class="skip" href="#main">跳到正文</a>
        <header class="site">
          <div class="site__inner">
            <a class="site__name" href="/"><xsl:value-of select="$registry"/></a>
            <xsl:if test="$user != ''">
              <div class="site__account">
                <span class="site__user">
                  <xsl:value-of select="$user"/>
                  <xsl:text>（</xsl:text>
                  <xsl:call-template name="role-zh"/>
                  <xsl:if test="$scope != ''">
                    <xsl:text> · </xsl:text><xsl:value-of select="$scope"/>
                  </xsl:if>
                  <xsl:text>）</xsl:text>
                </span>
                <form class="site__signout" method="post" action="/signout">
                  <input type="hidden" name="csrf" value="{$csrf}"/>
                  <button type="submit" class="link-button">退出登录</button>
                </form>
              </div>
            </xsl:if>
          </div>
          <xsl:if test="$user != ''">
            <nav class="nav" aria-label="主导航">
              <ul>
                <xsl:if test="$role = 'enterprise'">
                  <xsl:call-template name="nav-item">
                    <xsl:with-param name="href" select="'/my'"/>
                    <xsl:with-param name="label" select="'我的申请'"/>
                    <xsl:with-param name="current" select="$nav = 'my' or $nav = 'application'"/>
                  </xsl:call-template>
                  <xsl:call-template name="nav-item">
                    <xsl:with-param name="href" select="'/apply'"/>
                    <xsl:with-param name="label" select="'申报'"/>
                    <xsl:with-param name="current" select="$nav = 'apply' or $nav = 'applyindex'"/>
                  </xsl:call-template>
                </xsl:if>
                <xsl:if test="$role != 'enterprise'">
                <xsl:call-template name="nav-item">
                  <xsl:with-param name="href" select="'/queue'"/>
                  <xsl:with-param name="label" select="'待办申请'"/>
                  <xsl:with-param name="current" select="$nav = 'queue' or $nav = 'application'"/>
                </xsl:call-template>
                <xsl:if test="$role = 'province-reviewer'">
                  <xsl:call-template name="nav-item">
                    <xsl:with-param name="href" select="'/certificates'"/>
                    <xsl:with-param name="label" select="'证书'"/>
                    <xsl:with-param name="current" select="$nav = 'certificate'"/>
                  </xsl:call-template>
                </xsl:if>
                <xsl:call-template name="nav-item">
                  <xsl:with-param name="href" select="'/report'"/>
                  <xsl:with-param name="label" select="'年度统计'"/>
                  <xsl:with-param name="current" select="$nav = 'report'"/>
                </xsl:call-template>
                </xsl:if>
                <xsl:if test="$role = 'admin'">
                  <xsl:call-template name="nav-item">
                    <xsl:with-param name="href" select="'/admin/accounts'"/>
                    <xsl:with-param name="label" select="'账户管理'"/>
                    <xsl:with-param name="current" select="$nav = 'accounts'"/>
                  </xsl:call-template>
                  <xsl:call-template name="nav-item">
                    <xsl:with-param name="href" select="'/admin/targets'"/>
                    <xsl:with-param name="label" select="'年度目标'"/>
                    <xsl:with-param name="current" select="$nav = 'targets'"/>
                  </xsl:call-template>
                  <xsl:call-template name="nav-item">
                    <xsl:with-param name="href" select="'/admin/keys'"/>
                    <xsl:with-param name="label" select="'签名密钥'"/>
                    <xsl:with-param name="current" select="$nav = 'keys'"/>
                  </xsl:call-template>
                </xsl:if>
              </ul>
            </nav>
          </xsl:if>
        </header>
        <main id="main" class="main">
          <xsl:if test="$flash != ''">
            <div class="notice" role="status"><xsl:value-of select="$flash"/></div>
          </xsl:if>
          <xsl:call-template name="error-summary"/>
          <xsl:copy-of select="$main"/>
          <xsl:apply-templates select="/" mode="main"/>
        </main>
        <footer class="footer">
          <p><xsl:value-of select="$registry"/> · 页面无需脚本即可使用 · 数据以登记系统为准</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- A page's content, when the page gives it as a template in mode
       "main" rather than as the frame's parameter main: written straight
       into the frame, not built as a result tree fragment and then copied
       (the queue and application pages, the busiest, do so). A page that
       gives neither adds nothing here. -->
  <xsl:template match="/" mode="main"/>

  <xsl:template name="nav-item">
    <xsl:param name="href"/>
    <xsl:param name="label"/>
    <xsl:param name="current" select="false()"/>
    <li>
      <a href="{$href}">
        <xsl:if test="$current"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
        <xsl:value-of select="$label"/>
      </a>
    </li>
  </xsl:template>

  <!-- ===== the form pattern ===== -->

  <!-- At the top of the page when a form was refused: one link per field
       error, to the field; a form-level error (field="") as plain text.
       autofocus + tabindex put the keyboard there without a script. -->
  <xsl:template name="error-summary">
    <xsl:if test="$errors">
      <div class="error-summary" role="alert" aria-labelledby="error-summary-title"
           tabindex="-1" autofocus="autofocus">
        <h2 class="error-summary__title" id="error-summary-title">存在以下问题</h2>
        <ul class="error-summary__list">
          <xsl:for-each select="$errors">
            <li>
              <xsl:choose>
                <xsl:when test="@field != ''">
                  <a href="#{concat('f-', @field)}"><xsl:value-of select="."/></a>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ul>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- The hidden CSRF field every POST form carries. -->
  <xsl:template name="csrf-field">
    <input type="hidden" name="csrf" value="{$csrf}"/>
  </xsl:template>

  <!-- The message beside a field, when the refused form has one for it. -->
  <xsl:template name="field-error">
    <xsl:param name="name"/>
    <xsl:for-each select="$errors[@field = $name]">
      <p class="field-error" id="{concat('f-', $name, '-error')}">
        <span class="visually-hidden">错误：</span><xsl:value-of select="."/>
      </p>
    </xsl:for-each>
  </xsl:template>

  <!-- aria-describedby: the hint and the error, whichever exist. -->
  <xsl:template name="described-by">
    <xsl:param name="name"/>
    <xsl:param name="hint"/>
    <xsl:variable name="ids">
      <xsl:if test="$hint != ''"><xsl:value-of select="concat('f-', $name, '-hint')"/></xsl:if>
      <xsl:if test="$errors[@field = $name]">
        <xsl:if test="$hint != ''"><xsl:text> </xsl:text></xsl:if>
        <xsl:value-of select="concat('f-', $name, '-error')"/>
      </xsl:if>
    </xsl:variable>
    <xsl:if test="string($ids) != ''">
      <xsl:attribute name="aria-describedby"><xsl:value-of select="$ids"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <xsl:template name="label">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="required" select="false()"/>
    <label class="label" for="{concat('f-', $name)}">
      <xsl:value-of select="$label"/>
      <xsl:if test="$required"><span class="required">（必填）</span></xsl:if>
    </label>
  </xsl:template>

  <xsl:template name="hint">
    <xsl:param name="name"/>
    <xsl:param name="hint"/>
    <xsl:if test="$hint != ''">
      <p class="hint" id="{concat('f-', $name, '-hint')}"><xsl:value-of select="$hint"/></p>
    </xsl:if>
  </xsl:template>

  <!-- A one-line input. The value typed is shown again, except for passwords. -->
  <xsl:template name="text-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="required" select="false()"/>
    <xsl:param name="autocomplete" select="''"/>
    <xsl:param name="width" select="''"/>
    <xsl:param name="value" select="/p:page/p:form/p:field[@name = $name]"/>
    <div class="field{substring(' field--error', 1, 14 * boolean($errors[@field = $name]))}">
      <xsl:call-template name="label">
        <xsl:with-param name="name" select="$name"/>
        <xsl:with-param name="label" select="$label"/>
        <xsl:with-param name="required" select="$required"/>
      </xsl:call-template>
      <xsl:call-template name="hint">
        <xsl:with-param name="name" select="$name"/>
        <xsl:with-param name="hint" select="$hint"/>
      </xsl:call-template>
      <xsl:call-template name="field-error">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
      <input class="input{substring(' input--', 1, 8 * boolean($width != ''))}{$width}"
             id="{concat('f-', $name)}" name="{$name}" type="{$type}">
        <xsl:if test="$type != 'password' and string($value) != ''">
          <xsl:attribute name="value"><xsl:value-of select="$value"/></xsl:attribute>
        </xsl:if>
        <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
        <xsl:if test="$autocomplete != ''">
          <xsl:attribute name="autocomplete"><xsl:value-of select="$autocomplete"/></xsl:attribute>
        </xsl:if>
        <xsl:if test="$errors[@field = $name]">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
        </xsl:if>
        <xsl:call-template name="described-by">
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="hint" select="$hint"/>
        </xsl:call-template>
      </input>
    </div>
  </xsl:template>

  <xsl:template name="textarea">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="required" select="false()"/>
    <xsl:param name="rows" select="4"/>
    <div class="field{substring(' field--error', 1, 14 * boolean($errors[@field = $name]))}">
      <xsl:call-template name="label">
        <xsl:with-param name="name" select="$name"/>
        <xsl:with-param name="label" select="$label"/>
        <xsl:with-param name="required" select="$required"/>
      </xsl:call-template>
      <xsl:call-template name="hint">
        <xsl:with-param name="name" select="$name"/>
        <xsl:with-param name="hint" select="$hint"/>
      </xsl:call-template>
      <xsl:call-template name="field-error">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
      <textarea class="textarea" id="{concat('f-', $name)}" name="{$name}" rows="{$rows}">
        <xsl:if test="$errors[@field = $name]">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
        </xsl:if>
        <xsl:call-template name="described-by">
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="hint" select="$hint"/>
        </xsl:call-template>
        <xsl:value-of select="/p:page/p:form/p:field[@name = $name]"/>
      </textarea>
    </div>
  </xsl:template>

  <!-- A select whose options are "value|label;value|label;…"; the option
       in use is the page form's field of the same name. (A string, because a
       result tree fragment cannot be walked in XSLT 1.0.) -->
  <xsl:template name="select">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="options"/>
    <xsl:param name="hint" select="''"/>
    <div class="field{substring(' field--error', 1, 14 * boolean($errors[@field = $name]))}">
      <label class="label" for="{concat('f-', $name)}"><xsl:value-of select="$label"/></label>
      <xsl:call-template name="hint">
        <xsl:with-param name="name" select="$name"/>
        <xsl:with-param name="hint" select="$hint"/>
      </xsl:call-template>
      <xsl:call-template name="field-error">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
      <select class="select" id="{concat('f-', $name)}" name="{$name}">
        <xsl:if test="$errors[@field = $name]">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
        </xsl:if>
        <xsl:call-template name="described-by">
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="hint" select="$hint"/>
        </xsl:call-template>
        <xsl:call-template name="options">
          <xsl:with-param name="rest" select="$options"/>
          <xsl:with-param name="current" select="string(/p:page/p:form/p:field[@name = $name])"/>
        </xsl:call-template>
      </select>
    </div>
  </xsl:template>

  <xsl:template name="options">
    <xsl:param name="rest"/>
    <xsl:param name="current"/>
    <xsl:if test="contains($rest, ';')">
      <xsl:variable name="one" select="substring-before($rest, ';')"/>
      <xsl:variable name="v" select="substring-before($one, '|')"/>
      <option value="{$v}">
        <xsl:if test="$v = $current"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
        <xsl:value-of select="substring-after($one, '|')"/>
      </option>
      <xsl:call-template name="options">
        <xsl:with-param name="rest" select="substring-after($rest, ';')"/>
        <xsl:with-param name="current" select="$current"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ===== labels of codes ===== -->

  <xsl:template name="role-zh">
    <xsl:choose>
      <xsl:when test="$role = 'city-reviewer'">市级审核</xsl:when>
      <xsl:when test="$role = 'province-reviewer'">省级审核</xsl:when>
      <xsl:when test="$role = 'admin'">系统管理员</xsl:when>
      <xsl:when test="$role = 'enterprise'">企业</xsl:when>
      <xsl:otherwise><xsl:value-of select="$role"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="status-zh">
    <xsl:param name="s" select="."/>
    <xsl:choose>
      <xsl:when test="$s = 'received'">待市级初审</xsl:when>
      <xsl:when test="$s = 'ineligible'">待市级初审（初检不符合）</xsl:when>
      <xsl:when test="$s = 'recommended'">已推荐，待省级审核</xsl:when>
      <xsl:when test="$s = 'returned'">已退回企业修改</xsl:when>
      <xsl:when test="$s = 'approved'">已批准</xsl:when>
      <xsl:when test="$s = 'rejected'">不予批准</xsl:when>
      <xsl:when test="$s = 'in-notice'">已批准，公示中</xsl:when>
      <xsl:when test="$s = 'objected'">公示异议待处理</xsl:when>
      <xsl:when test="$s = 'superseded'">已换发</xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="verdict-zh">
    <xsl:param name="v" select="."/>
    <xsl:choose>
      <xsl:when test="$v = 'pass'">符合</xsl:when>
      <xsl:when test="$v = 'needs-review'">需人工核实</xsl:when>
      <xsl:when test="$v = 'fail'">不符合</xsl:when>
      <xsl:when test="$v = 'judgement'">需人工判断</xsl:when>
      <!-- the overall verdict of an application (docs/criteria.md) -->
      <xsl:when test="$v = 'eligible'">符合条件</xsl:when>
      <xsl:when test="$v = 'ineligible'">不符合条件</xsl:when>
      <xsl:when test="$v = 'invalid'">申报材料无效</xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A verdict as a tag: colour and words, never colour alone. -->
  <xsl:template name="verdict-tag">
    <xsl:param name="v" select="."/>
    <strong class="tag tag--{$v}">
      <xsl:call-template name="verdict-zh"><xsl:with-param name="v" select="$v"/></xsl:call-template>
    </strong>
  </xsl:template>

  <xsl:template name="action-zh">
    <xsl:param name="a" select="."/>
    <xsl:choose>
      <xsl:when test="$a = 'submit' or $a = 'submitted'">企业提交</xsl:when>
      <xsl:when test="$a = 'resubmitted'">企业修改后重新提交</xsl:when>
      <xsl:when test="$a = 'recommend'">推荐</xsl:when>
      <xsl:when test="$a = 'return'">退回</xsl:when>
      <xsl:when test="$a = 'approve'">批准</xsl:when>
      <xsl:when test="$a = 'reject'">不予批准</xsl:when>
      <xsl:when test="$a = 'revoke'">撤销</xsl:when>
      <xsl:otherwise><xsl:value-of select="$a"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="tier-zh">
    <xsl:param name="t" select="."/>
    <xsl:choose>
      <xsl:when test="$t = 'innovative-sme'">创新型中小企业</xsl:when>
      <xsl:when test="$t = 'tech-sme'">科技型中小企业</xsl:when>
      <xsl:when test="$t = 'tech-innovative-sme'">科技和创新型中小企业</xsl:when>
      <xsl:when test="$t = 'specialized-sme'">专精特新中小企业</xsl:when>
      <xsl:when test="$t = 'little-giant'">专精特新“小巨人”企业</xsl:when>
      <xsl:when test="$t = 'single-champion'">制造业单项冠军</xsl:when>
      <xsl:when test="$t = 'leading'">制造业领航企业</xsl:when>
      <xsl:when test="$t = 'high-tech'">高新技术企业</xsl:when>
      <xsl:when test="$t = 'gazelle'">瞪羚企业</xsl:when>
      <xsl:when test="$t = 'unicorn'">独角兽企业</xsl:when>
      <xsl:otherwise><xsl:value-of select="$t"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="city-zh">
    <xsl:param name="c" select="."/>
    <xsl:choose>
      <xsl:when test="$c = '370100'">济南市</xsl:when>
      <xsl:when test="$c = '370200'">青岛市</xsl:when>
      <xsl:when test="$c = '370300'">淄博市</xsl:when>
      <xsl:when test="$c = '370400'">枣庄市</xsl:when>
      <xsl:when test="$c = '370500'">东营市</xsl:when>
      <xsl:when test="$c = '370600'">烟台市</xsl:when>
      <xsl:when test="$c = '370700'">潍坊市</xsl:when>
      <xsl:when test="$c = '370800'">济宁市</xsl:when>
      <xsl:when test="$c = '370900'">泰安市</xsl:when>
      <xsl:when test="$c = '371000'">威海市</xsl:when>
      <xsl:when test="$c = '371100'">日照市</xsl:when>
      <xsl:when test="$c = '371300'">临沂市</xsl:when>
      <xsl:when test="$c = '371400'">德州市</xsl:when>
      <xsl:when test="$c = '371500'">聊城市</xsl:when>
      <xsl:when test="$c = '371600'">滨州市</xsl:when>
      <xsl:when test="$c = '371700'">菏泽市</xsl:when>
      <xsl:when test="$c = ''">—</xsl:when>
      <xsl:otherwise><xsl:value-of select="$c"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "2025-05-20T20:30:12.123456Z" (the API's times are UTC) as Beijing
       time, "2025-05-21 04:30": eight hours on, rolling the date over at
       midnight with the Gregorian month lengths. Times without 'Z' are
       shown as they are. -->
  <xsl:template name="datetime">
    <xsl:param name="t" select="."/>
    <xsl:variable name="s" select="string($t)"/>
    <time datetime="{$s}">
      <xsl:choose>
        <xsl:when test="substring($s, 11, 1) != 'T' or not(contains($s, 'Z'))">
          <xsl:value-of select="$s"/>
        </xsl:when>
        <xsl:when test="substring($s, 12, 2) &lt; 16">
          <!-- the same day in Beijing: only the hour moves (the common case,
               and the cheap one: this template runs once per queue row) -->
          <xsl:value-of select="concat(substring($s, 1, 10), ' ',
              substring(108 + substring($s, 12, 2), 2), ':', substring($s, 15, 2))"/>
        </xsl:when>
        <xsl:otherwise>
          <!-- the next day in Beijing: roll the date over with the Gregorian
               month lengths (31, less 3 for February, plus 1 in a leap year,
               less 1 for the 30-day months); fields are padded by adding 100
               (10000) and dropping the 1 -->
          <xsl:variable name="y" select="number(substring($s, 1, 4))"/>
          <xsl:variable name="m" select="number(substring($s, 6, 2))"/>
          <xsl:variable name="d" select="number(substring($s, 9, 2)) + 1"/>
          <xsl:variable name="leap"
              select="($y mod 4 = 0 and $y mod 100 != 0) or $y mod 400 = 0"/>
          <xsl:variable name="mlen"
              select="31 - 3 * ($m = 2) + ($m = 2 and $leap) - ($m = 4 or $m = 6 or $m = 9 or $m = 11)"/>
          <xsl:variable name="m2" select="$m + ($d &gt; $mlen)"/>
          <xsl:value-of select="concat(
              substring(10000 + $y + ($m2 &gt; 12), 2), '-',
              substring(100 + ($m2 - 1) mod 12 + 1, 2), '-',
              substring(100 + ($d - 1) mod $mlen + 1, 2), ' ',
              substring(100 + substring($s, 12, 2) - 16, 2), ':', substring($s, 15, 2))"/>
        </xsl:otherwise>
      </xsl:choose>
    </time>
  </xsl:template>

  <!-- The last step of a path ("/v1/submissions/12" gives "12"). -->
  <xsl:template name="last-step">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '/')">
        <xsl:call-template name="last-step">
          <xsl:with-param name="s" select="substring-after($s, '/')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
