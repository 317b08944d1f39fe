<?xml version="1.0" encoding="UTF-8"?>
<!-- application.xsl: one application as a reviewer sees it. Input:
       <page view="application">
         <receipt xmlns="urn:tierd:receipt:1">…</receipt>     GET /v1/submissions/{id}
         <application xmlns="urn:tierd:application:…">…       GET /v1/submissions/{id}/document
         <form action="decision">…</form>                     a refused decision, if any
         <objections xmlns="urn:tierd:notice:1">…</objections>  GET /v1/submissions/{id}/objections,
                                                              when any was filed (issue 17)
       </page>
     Order on the page: the verdict banner (the overall verdict: eligible,
     needs-review, ineligible, invalid); findings grouped fail → needs-review →
     judgement (items only a person can judge, which never change the
     verdict) → the routes of a criterion with several → pass; the decision form for the reviewer's role; the document; the
     history of decisions. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:tierd:page:1"
    xmlns:r="urn:tierd:receipt:1"
    xmlns:n="urn:tierd:notice:1"
    exclude-result-prefixes="p r n">
  <xsl:import href="_layout.xsl"/>
  <xsl:import href="_document.xsl"/>

  <xsl:variable name="rc" select="/p:page/r:receipt"/>
  <xsl:variable name="doc" select="/p:page/*[local-name() = 'application']"/>
  <xsl:variable name="id" select="$rc/@id"/>
  <xsl:variable name="status" select="string($rc/r:status)"/>
  <xsl:variable name="f" select="$rc/r:findings/r:finding | $rc/r:judgement/r:finding"/>
  <xsl:variable name="fail" select="$f[@verdict = 'fail' and not(@route = 'true')]"/>
  <xsl:variable name="review" select="$f[@verdict = 'needs-review' and not(@route = 'true')]"/>
  <xsl:variable name="judge" select="$f[@verdict = 'judgement' and not(@route = 'true')]"/>
  <xsl:variable name="routes" select="$f[@route = 'true']"/>
  <xsl:variable name="pass" select="$f[@verdict = 'pass' and not(@route = 'true')]"/>
  <!-- what this reviewer may decide now -->
  <xsl:variable name="may-city"
      select="$role = 'city-reviewer' and ($status = 'received' or $status = 'ineligible')"/>
  <xsl:variable name="may-province" select="$role = 'province-reviewer' and $status = 'recommended'"/>

  <xsl:template match="/">
    <xsl:call-template name="frame">
      <xsl:with-param name="title" select="concat($rc/r:enterprise, ' 的申请')"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the content, written into the frame (_layout.xsl, mode main) -->
  <xsl:template match="/" mode="main">
    <p class="breadcrumbs">
      <xsl:choose>
        <xsl:when test="$role = 'enterprise'"><a href="/my">我的申请</a></xsl:when>
        <xsl:otherwise><a href="/queue">待办申请</a></xsl:otherwise>
      </xsl:choose>
      <xsl:text> › 第 </xsl:text><xsl:value-of select="$id"/><xsl:text> 号申请</xsl:text>
    </p>
    <span class="caption">
      <xsl:call-template name="tier-zh"><xsl:with-param name="t" select="$rc/r:tier/@code"/></xsl:call-template>
      <xsl:text> · 第 </xsl:text><xsl:value-of select="$id"/><xsl:text> 号申请</xsl:text>
    </span>
    <h1 class="heading-l"><xsl:value-of select="$rc/r:enterprise"/></h1>
    <dl class="summary summary--inline">
      <div class="summary__row"><dt>统一社会信用代码</dt><dd class="mono"><xsl:value-of select="$rc/r:enterprise/@uscc"/></dd></div>
      <div class="summary__row"><dt>所在城市</dt><dd><xsl:call-template name="city-zh"><xsl:with-param name="c" select="string($rc/r:enterprise/@city)"/></xsl:call-template></dd></div>
      <div class="summary__row"><dt>提交时间</dt><dd><xsl:call-template name="datetime"><xsl:with-param name="t" select="$rc/r:submittedAt"/></xsl:call-template></dd></div>
      <div class="summary__row"><dt>适用标准</dt><dd><xsl:value-of select="$rc/r:ruleSet"/> 年版</dd></div>
    </dl>
    <xsl:if test="$role = 'enterprise' and $status = 'returned'">
      <!-- the enterprise's next step first: why it came back, and the way to correct it -->
      <div class="notice notice--returned" role="status">
        <p><xsl:text>审核意见：</xsl:text><xsl:value-of select="$rc/r:history/r:event[@action = 'return'][last()]"/></p>
        <p><a class="button" role="button" href="{concat('/apply/', $rc/r:tier/@code, '?replaces=', $id)}">修改后重新提交</a></p>
      </div>
    </xsl:if>
    <xsl:call-template name="banner"/>
    <xsl:call-template name="findings"/>
    <xsl:call-template name="decide"/>
    <xsl:call-template name="objections"/>
    <section class="section" aria-labelledby="h-doc">
      <h2 class="heading-m" id="h-doc">申报材料</h2>
      <p>
        <a href="{concat('/applications/', $id, '/document.xml')}" download="{concat('application-', $id, '.xml')}">下载原始 XML 文件</a>
        <span class="small">（<xsl:value-of select="format-number($rc/r:document/@bytes, '#,##0')"/> 字节，SHA-256 <span class="mono"><xsl:value-of select="substring($rc/r:document/@sha256, 1, 16)"/>…</span>）</span>
      </p>
      <xsl:if test="$rc/r:replaces">
        <p>本申请是对<a href="{concat('/applications/', $rc/r:replaces)}">第 <xsl:value-of select="$rc/r:replaces"/> 号申请</a>退回后的修改稿。</p>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$doc">
          <xsl:call-template name="document"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
        </xsl:when>
        <xsl:otherwise><p class="empty">申报材料暂时无法显示，请下载原始文件查看。</p></xsl:otherwise>
      </xsl:choose>
    </section>
    <xsl:call-template name="history"/>
  </xsl:template>

  <xsl:template name="banner">
    <xsl:variable name="v" select="string($rc/r:overall)"/>
    <!-- the banner's colour: eligible green, needs-review amber, else red -->
    <xsl:variable name="key">
      <xsl:choose>
        <xsl:when test="$v = 'eligible' or $v = 'pass'">pass</xsl:when>
        <xsl:when test="$v = 'needs-review'">needs-review</xsl:when>
        <xsl:otherwise>fail</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <div class="banner banner--{$key}">
      <p class="banner__title">
        <xsl:text>系统初检：</xsl:text>
        <xsl:call-template name="verdict-zh"><xsl:with-param name="v" select="$v"/></xsl:call-template>
      </p>
      <p class="banner__body">
        <xsl:value-of select="count($fail)"/> 项不符合，<xsl:value-of select="count($review)"/> 项需人工核实，<xsl:value-of select="count($pass)"/> 项符合，另有 <xsl:value-of select="count($judge)"/> 项需人工判断（不影响初检结论）。
        当前状态：<strong><xsl:call-template name="status-zh"><xsl:with-param name="s" select="$status"/></xsl:call-template></strong>。
        <xsl:if test="$may-city or $may-province"><a href="#decide">填写审核意见</a></xsl:if>
      </p>
    </div>
  </xsl:template>

  <xsl:template name="findings">
    <section class="section" aria-labelledby="h-findings">
      <h2 class="heading-m" id="h-findings">初检结果（共 <xsl:value-of select="count($f) - count($routes)"/> 项<xsl:if test="$routes">，另有 <xsl:value-of select="count($routes)"/> 项分项判断</xsl:if>）</h2>
      <xsl:call-template name="finding-group">
        <xsl:with-param name="items" select="$fail"/>
        <xsl:with-param name="title" select="'不符合'"/>
        <xsl:with-param name="key" select="'fail'"/>
      </xsl:call-template>
      <xsl:call-template name="finding-group">
        <xsl:with-param name="items" select="$review"/>
        <xsl:with-param name="title" select="'需人工核实'"/>
        <xsl:with-param name="key" select="'needs-review'"/>
      </xsl:call-template>
      <xsl:call-template name="finding-group">
        <xsl:with-param name="items" select="$judge"/>
        <xsl:with-param name="title" select="'需人工判断（不影响初检结论）'"/>
        <xsl:with-param name="key" select="'judgement'"/>
      </xsl:call-template>
      <xsl:if test="$routes">
        <details class="details">
          <summary>分项判断：可选路径的逐项结果（<xsl:value-of select="count($routes)"/> 项）</summary>
          <xsl:call-template name="finding-group">
            <xsl:with-param name="items" select="$routes"/>
            <xsl:with-param name="title" select="'分项判断'"/>
            <xsl:with-param name="key" select="'route'"/>
            <xsl:with-param name="heading" select="false()"/>
          </xsl:call-template>
        </details>
      </xsl:if>
      <xsl:if test="$pass">
        <details class="details">
          <summary>符合的条件（<xsl:value-of select="count($pass)"/> 项）</summary>
          <xsl:call-template name="finding-group">
            <xsl:with-param name="items" select="$pass"/>
            <xsl:with-param name="title" select="'符合'"/>
            <xsl:with-param name="key" select="'pass'"/>
            <xsl:with-param name="heading" select="false()"/>
          </xsl:call-template>
        </details>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="finding-group">
    <xsl:param name="items"/>
    <xsl:param name="title"/>
    <xsl:param name="key"/>
    <xsl:param name="heading" select="true()"/>
    <xsl:if test="$items">
      <xsl:if test="$heading">
        <h3 class="heading-s group group--{$key}"><xsl:value-of select="$title"/>（<xsl:value-of select="count($items)"/> 项）</h3>
      </xsl:if>
      <div class="table-wrap">
        <table class="table table--findings">
          <caption class="visually-hidden"><xsl:value-of select="$title"/></caption>
          <thead>
            <tr>
              <th scope="col">结论</th>
              <th scope="col">条件与说明</th>
              <th scope="col" class="num">申报值</th>
              <th scope="col" class="num">标准</th>
              <th scope="col">依据</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$items">
              <tr class="finding finding--{@verdict}" id="{concat('finding-', @rule)}">
                <td><xsl:call-template name="verdict-tag"><xsl:with-param name="v" select="@verdict"/></xsl:call-template></td>
                <td>
                  <!-- the rule's requirement in Chinese (and why it needs review);
                       the detailed English sentence folded away, for a maintainer -->
                  <xsl:choose>
                    <xsl:when test="r:message[@lang = 'zh']">
                      <xsl:value-of select="r:message[@lang = 'zh']"/>
                      <xsl:if test="r:message[@lang = 'en']">
                        <details class="english">
                          <summary>English</summary>
                          <p class="small" lang="en"><xsl:value-of select="r:message[@lang = 'en']"/></p>
                        </details>
                      </xsl:if>
                    </xsl:when>
                    <xsl:otherwise><xsl:value-of select="r:message"/></xsl:otherwise>
                  </xsl:choose>
                  <div class="small">
                    <span class="mono"><xsl:value-of select="@rule"/></span>
                    <xsl:if test="r:xpath">
                      <xsl:text> · 数据位置 </xsl:text><code class="xpath"><xsl:value-of select="r:xpath"/></code>
                    </xsl:if>
                  </div>
                </td>
                <!-- the Chinese form of a display value when the receipt has one -->
                <td class="num"><xsl:value-of select="(r:value/@zh | r:value[not(@zh)])[1]"/></td>
                <td class="num"><xsl:value-of select="(r:threshold/@zh | r:threshold[not(@zh)])[1]"/></td>
                <td class="small"><xsl:value-of select="r:clause"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- The public notice's objections (公示异议), with the contact (reviewers
       only); the province judges each open one while the application is
       objected: 异议成立 rejects the application with the reason, 异议不成立
       lets the notice go on. -->
  <xsl:template name="objections">
    <xsl:variable name="ob" select="/p:page/n:objections"/>
    <xsl:if test="$ob/n:objection">
      <section class="section" aria-labelledby="h-objections" id="objections">
        <h2 class="heading-m" id="h-objections">公示异议</h2>
        <p class="hint">公示截止日：<xsl:value-of select="$ob/@noticeEnds"/>。异议人联系方式仅供核查，不予公开。</p>
        <xsl:for-each select="$ob/n:objection">
          <div class="objection">
            <h3 class="heading-s">
              <xsl:text>第 </xsl:text><xsl:value-of select="@id"/><xsl:text> 号异议 · </xsl:text>
              <xsl:choose>
                <xsl:when test="@status = 'upheld'"><span class="tag tag--fail">异议成立</span></xsl:when>
                <xsl:when test="@status = 'dismissed'"><span class="tag tag--pass">异议不成立</span></xsl:when>
                <xsl:otherwise><span class="tag tag--needs-review">待认定</span></xsl:otherwise>
              </xsl:choose>
            </h3>
            <dl class="summary">
              <div class="summary__row"><dt>提出时间</dt><dd><xsl:call-template name="datetime"><xsl:with-param name="t" select="string(@filed)"/></xsl:call-template></dd></div>
              <div class="summary__row"><dt>异议理由</dt><dd><xsl:value-of select="n:reason"/></dd></div>
              <div class="summary__row"><dt>联系方式</dt><dd><xsl:value-of select="n:contact"/></dd></div>
              <xsl:if test="@status != 'open'">
                <div class="summary__row"><dt>认定意见</dt><dd><xsl:value-of select="n:comment"/></dd></div>
              </xsl:if>
            </dl>
            <xsl:if test="@status = 'open' and $role = 'province-reviewer' and $status = 'objected'">
              <form method="post" action="{concat('/applications/', $id, '/objections/', @id)}" novalidate="novalidate" class="decide">
                <xsl:call-template name="csrf-field"/>
                <fieldset class="fieldset">
                  <legend class="legend">认定结论<span class="required">（必填）</span></legend>
                  <div class="radios">
                    <div class="radio">
                      <input class="radio__input" type="radio" name="action" value="uphold" id="{concat('ob-', @id, '-uphold')}"/>
                      <label class="radio__label" for="{concat('ob-', @id, '-uphold')}">异议成立（不予认定）</label>
                    </div>
                    <div class="radio">
                      <input class="radio__input" type="radio" name="action" value="dismiss" id="{concat('ob-', @id, '-dismiss')}"/>
                      <label class="radio__label" for="{concat('ob-', @id, '-dismiss')}">异议不成立（继续公示，期满发证）</label>
                    </div>
                  </div>
                </fieldset>
                <div class="field">
                  <label class="label" for="{concat('ob-', @id, '-comment')}">认定意见<span class="required">（必填）</span></label>
                  <textarea class="textarea" id="{concat('ob-', @id, '-comment')}" name="comment" rows="3"></textarea>
                </div>
                <button type="submit" class="button">提交认定意见</button>
              </form>
            </xsl:if>
          </div>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- The decision form: one primary action ("提交审核意见"), the choice as
       radios, the comment, and — when the check found a failure — the
       reason for recommending all the same. -->
  <xsl:template name="decide">
    <section class="section" aria-labelledby="h-decide" id="decide">
      <h2 class="heading-m" id="h-decide">审核意见</h2>
      <xsl:choose>
        <xsl:when test="$may-city or $may-province">
          <form method="post" action="{concat('/applications/', $id, '/decisions')}" novalidate="novalidate" class="decide">
            <xsl:call-template name="csrf-field"/>
            <xsl:variable name="err-action" select="$errors[@field = 'action']"/>
            <div class="field{substring(' field--error', 1, 14 * boolean($err-action))}">
              <fieldset class="fieldset">
                <xsl:call-template name="described-by">
                  <xsl:with-param name="name" select="'action'"/>
                  <xsl:with-param name="hint" select="'x'"/>
                </xsl:call-template>
                <legend class="legend">审核结论<span class="required">（必填）</span></legend>
                <p class="hint" id="f-action-hint">
                  <xsl:choose>
                    <xsl:when test="$may-city">推荐后报省工业和信息化厅审核；退回后企业可修改后重新提交。</xsl:when>
                    <xsl:otherwise>批准后进入公示，公示期满无异议即生成带签名的证书（未设公示期的称号批准即发证）；不予批准将结束本申请。</xsl:otherwise>
                  </xsl:choose>
                </p>
                <xsl:call-template name="field-error"><xsl:with-param name="name" select="'action'"/></xsl:call-template>
                <div class="radios">
                  <xsl:choose>
                    <xsl:when test="$may-city">
                      <xsl:call-template name="radio"><xsl:with-param name="n" select="1"/><xsl:with-param name="v" select="'recommend'"/><xsl:with-param name="label" select="'推荐'"/><xsl:with-param name="hint" select="'符合条件，报省级审核'"/></xsl:call-template>
                      <xsl:call-template name="radio"><xsl:with-param name="n" select="2"/><xsl:with-param name="v" select="'return'"/><xsl:with-param name="label" select="'退回'"/><xsl:with-param name="hint" select="'材料需修改，退回企业'"/></xsl:call-template>
                    </xsl:when>
                    <xsl:otherwise>
                      <xsl:call-template name="radio"><xsl:with-param name="n" select="1"/><xsl:with-param name="v" select="'approve'"/><xsl:with-param name="label" select="'批准'"/><xsl:with-param name="hint" select="'认定并颁发证书'"/></xsl:call-template>
                      <xsl:call-template name="radio"><xsl:with-param name="n" select="2"/><xsl:with-param name="v" select="'reject'"/><xsl:with-param name="label" select="'不予批准'"/><xsl:with-param name="hint" select="'不予认定，须说明理由'"/></xsl:call-template>
                    </xsl:otherwise>
                  </xsl:choose>
                </div>
              </fieldset>
            </div>
            <xsl:call-template name="textarea">
              <xsl:with-param name="name" select="'comment'"/>
              <xsl:with-param name="label" select="'审核意见'"/>
              <xsl:with-param name="hint" select="'将记入审核记录，企业和上级审核人员可见。不超过 2000 字。'"/>
              <xsl:with-param name="required" select="true()"/>
            </xsl:call-template>
            <xsl:if test="$may-city and ($rc/r:overall = 'ineligible' or $rc/r:overall = 'invalid' or $rc/r:overall = 'fail' or $status = 'ineligible')">
              <xsl:call-template name="textarea">
                <xsl:with-param name="name" select="'overrideReason'"/>
                <xsl:with-param name="label" select="'推荐理由（初检不符合时）'"/>
                <xsl:with-param name="hint" select="concat('系统初检有 ', count($fail), ' 项不符合。如仍推荐，请逐项说明理由；选择“退回”时无需填写。')"/>
              </xsl:call-template>
            </xsl:if>
            <button type="submit" class="button">提交审核意见</button>
          </form>
        </xsl:when>
        <xsl:otherwise>
          <p>
            <xsl:text>本申请当前状态为“</xsl:text>
            <xsl:call-template name="status-zh"><xsl:with-param name="s" select="$status"/></xsl:call-template>
            <xsl:text>”，</xsl:text>
            <xsl:choose>
              <xsl:when test="$role = 'city-reviewer' and $status = 'recommended'">已报省级审核，无需您处理。</xsl:when>
              <xsl:when test="$role = 'province-reviewer' and ($status = 'received' or $status = 'ineligible')">尚待市级初审。</xsl:when>
              <xsl:when test="$role = 'enterprise' and $status = 'returned'">请按页首的审核意见修改后重新提交。</xsl:when>
              <xsl:when test="$role = 'province-reviewer' and $status = 'objected'">请在下方“公示异议”中逐项认定异议是否成立。</xsl:when>
              <xsl:when test="$status = 'in-notice'">公示期满且无待处理的异议后，系统自动发放证书。</xsl:when>
              <xsl:otherwise>无需您处理。</xsl:otherwise>
            </xsl:choose>
          </p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="radio">
    <xsl:param name="n"/>
    <xsl:param name="v"/>
    <xsl:param name="label"/>
    <xsl:param name="hint"/>
    <xsl:variable name="fid" select="concat('f-action', substring('-2', 1, 2 * ($n = 2)))"/>
    <div class="radio">
      <input class="radio__input" type="radio" name="action" value="{$v}" id="{$fid}">
        <xsl:if test="/p:page/p:form/p:field[@name = 'action'] = $v">
          <xsl:attribute name="checked">checked</xsl:attribute>
        </xsl:if>
        <xsl:attribute name="aria-describedby"><xsl:value-of select="concat($fid, '-item-hint')"/></xsl:attribute>
      </input>
      <label class="radio__label" for="{$fid}"><xsl:value-of select="$label"/></label>
      <p class="hint radio__hint" id="{concat($fid, '-item-hint')}"><xsl:value-of select="$hint"/></p>
    </div>
  </xsl:template>

  <xsl:template name="history">
    <section class="section" aria-labelledby="h-history">
      <h2 class="heading-m" id="h-history">审核记录</h2>
      <xsl:choose>
        <xsl:when test="$rc/r:history/r:event">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">操作</th>
                <th scope="col">操作人</th>
                <th scope="col">处理后状态</th>
                <th scope="col">意见</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$rc/r:history/r:event">
                <tr>
                  <td class="nowrap"><xsl:call-template name="datetime"><xsl:with-param name="t" select="@at"/></xsl:call-template></td>
                  <td><xsl:call-template name="action-zh"><xsl:with-param name="a" select="@action"/></xsl:call-template></td>
                  <td><xsl:value-of select="@by"/></td>
                  <td><xsl:call-template name="status-zh"><xsl:with-param name="s" select="@status"/></xsl:call-template></td>
                  <td class="pre"><xsl:value-of select="."/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise><p class="empty">尚无审核记录。</p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>
</xsl:stylesheet>
