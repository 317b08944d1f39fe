<?xml version="1.0" encoding="UTF-8"?>
<!-- _document.xsl: an application document (any tier) as a readable page.

     Generic over the tiers' schemas, so a schema change shows up without an
     edit here: a section whose children are values becomes a list of
     label : value; a section of repeated items (IP, titles held, research
     institutions, equity rounds) becomes a table with one column per value;
     financial years become one table with the years as columns. Labels come
     from the table below (element name → Chinese), falling back to the
     element's own name; amounts are the document's yuan with thousands
     separators; true/false are 是/否. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
>

  <xsl:template name="document">
    <xsl:param name="doc"/>
    <xsl:for-each select="$doc/*">
      <xsl:choose>
        <xsl:when test="local-name() = 'financials'">
          <xsl:call-template name="financials"/>
        </xsl:when>
        <xsl:when test="not(*)">
          <!-- a value straight under the root (submissionDate) -->
        </xsl:when>
        <xsl:otherwise>
          <section class="doc-section">
            <h3 class="heading-s"><xsl:call-template name="doc-label"/></h3>
            <xsl:call-template name="doc-block"/>
          </section>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- The context element: its values as a list, its repeated items as a
       table, its other groups as nested blocks. -->
  <xsl:template name="doc-block">
    <xsl:variable name="leaves" select="*[not(*)]"/>
    <xsl:variable name="first" select="*[1]"/>
    <xsl:choose>
      <xsl:when test="count(*) &gt; 0 and count(*[local-name() = local-name($first)]) = count(*)
                      and $first/* and count(*) &gt;= 1 and not($leaves)">
        <xsl:call-template name="doc-table"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:if test="$leaves">
          <dl class="summary">
            <xsl:for-each select="$leaves">
              <div class="summary__row">
                <dt><xsl:call-template name="doc-label"/></dt>
                <dd><xsl:call-template name="doc-value"/></dd>
              </div>
            </xsl:for-each>
          </dl>
        </xsl:if>
        <xsl:for-each select="*[*]">
          <h4 class="heading-xs"><xsl:call-template name="doc-label"/></h4>
          <xsl:call-template name="doc-block"/>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Repeated items: columns from the first item's values. -->
  <xsl:template name="doc-table">
    <xsl:variable name="cols" select="*[1]/*"/>
    <div class="table-wrap">
      <table class="table table--compact">
        <thead>
          <tr>
            <th scope="col" class="num">序号</th>
            <xsl:for-each select="$cols">
              <th scope="col"><xsl:call-template name="doc-label"/></th>
            </xsl:for-each>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="*">
            <xsl:variable name="item" select="."/>
            <tr>
              <td class="num"><xsl:value-of select="position()"/></td>
              <xsl:for-each select="$cols">
                <xsl:variable name="n" select="local-name()"/>
                <td>
                  <xsl:for-each select="$item/*[local-name() = $n][1]">
                    <xsl:call-template name="doc-value"/>
                  </xsl:for-each>
                </td>
              </xsl:for-each>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- Financial years: a row per figure, a column per year (latest first, as
       the document lists them). -->
  <xsl:template name="financials">
    <xsl:variable name="years" select="*"/>
    <section class="doc-section">
      <h3 class="heading-s">近年财务数据（单位：元）</h3>
      <div class="table-wrap">
        <table class="table table--compact table--figures">
          <thead>
            <tr>
              <th scope="col">项目</th>
              <xsl:for-each select="$years">
                <th scope="col" class="num"><xsl:value-of select="@value"/> 年</th>
              </xsl:for-each>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$years[1]/*">
              <xsl:variable name="n" select="local-name()"/>
              <tr>
                <th scope="row"><xsl:call-template name="doc-label"/></th>
                <xsl:for-each select="$years">
                  <td class="num">
                    <xsl:for-each select="*[local-name() = $n][1]">
                      <xsl:call-template name="doc-value">
                        <xsl:with-param name="unit" select="false()"/>
                      </xsl:call-template>
                    </xsl:for-each>
                  </td>
                </xsl:for-each>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
    </section>
  </xsl:template>

  <xsl:template name="doc-value">
    <xsl:param name="unit" select="true()"/>
    <xsl:variable name="n" select="local-name()"/>
    <xsl:variable name="v" select="normalize-space(.)"/>
    <xsl:choose>
      <xsl:when test="$v = 'true'">是</xsl:when>
      <xsl:when test="$v = 'false'">否</xsl:when>
      <xsl:when test="contains(' revenue mainRevenue rdExpense netProfit totalAssets totalLiabilities totalIncome rdDomestic hightechIncome amount costExpense valuationUsd ', concat(' ', $n, ' ')) and number($v) = number($v)">
        <xsl:value-of select="format-number(number($v), '#,##0.00')"/>
        <xsl:if test="$unit">
          <xsl:choose>
            <xsl:when test="$n = 'valuationUsd'"> 美元</xsl:when>
            <xsl:otherwise> 元</xsl:otherwise>
          </xsl:choose>
        </xsl:if>
      </xsl:when>
      <xsl:when test="$n = 'kind' or $n = 'acquisition' or $n = 'level' or $n = 'code'">
        <xsl:call-template name="doc-code"><xsl:with-param name="v" select="$v"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="doc-code">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'invention-patent'">发明专利</xsl:when>
      <xsl:when test="$v = 'utility-model'">实用新型专利</xsl:when>
      <xsl:when test="$v = 'design-patent'">外观设计专利</xsl:when>
      <xsl:when test="$v = 'software-copyright'">软件著作权</xsl:when>
      <xsl:when test="$v = 'integrated-circuit-layout'">集成电路布图设计</xsl:when>
      <xsl:when test="$v = 'new-plant-variety'">植物新品种</xsl:when>
      <xsl:when test="$v = 'own'">自主研发</xsl:when>
      <xsl:when test="$v = 'transfer'">受让</xsl:when>
      <xsl:when test="$v = 'licence' or $v = 'license'">受许可</xsl:when>
      <xsl:when test="$v = 'merger'">并购</xsl:when>
      <xsl:when test="$v = 'national'">国家级</xsl:when>
      <xsl:when test="$v = 'provincial'">省级</xsl:when>
      <xsl:when test="$v = 'municipal'">市级</xsl:when>
      <xsl:when test="$v = 'technology-centre'">企业技术中心</xsl:when>
      <xsl:when test="$v = 'innovative-sme' or $v = 'tech-sme' or $v = 'tech-innovative-sme' or
                      $v = 'specialized-sme' or $v = 'little-giant' or $v = 'single-champion' or
                      $v = 'leading' or $v = 'high-tech' or $v = 'gazelle' or $v = 'unicorn'">
        <xsl:call-template name="tier-zh"><xsl:with-param name="t" select="$v"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The label of an element of the document, from a table "|name=label|…"
       (one lookup instead of a comparison per name: the page asks for some
       fifty labels; label-of is _layout.xsl's); a name not in the table is shown
       as it is. -->
  <xsl:variable name="doc-labels"
      select="concat('|enterprise=企业基本情况|name=名称|uscc=统一社会信用代码|division=行政区划代码',
              '|industry=所属行业（GB/T 4754）|founded=成立日期|listed=是否上市|contact=联系人',
              '|person=姓名|phone=联系电话|email=电子邮箱|revenue=营业收入|mainRevenue=主营业务收入',
              '|rdExpense=研发费用|rdDomestic=境内研发费用|netProfit=净利润|totalAssets=资产总额',
              '|totalLiabilities=负债总额|totalIncome=总收入|hightechIncome=高新技术产品（服务）收入',
              '|costExpense=成本费用总额|staff=人员情况|employees=职工总数（人）|rdStaff=研发人员（人）',
              '|stStaff=科技人员（人）|niche=细分市场|market=细分市场|product=主导产品|since=进入该市场时间',
              '|intellectualProperty=知识产权|kind=类型|number=编号|granted=授权日期',
              '|acquisition=取得方式|holderRank=权利人排名|mainProduct=用于主导产品|inUse=有效在用',
              '|rdInstitutions=研发机构|level=级别|recognised=认定日期|assessment=评价指标',
              '|platformScore=专精特新发展评价得分（本年）|platformScorePrevious=专精特新发展评价得分（上年）',
              '|digitalLevel=数字化水平等级|managementCertification=通过管理体系认证|ownBrand=拥有自主品牌',
              '|keyChainLink=属于产业链关键环节|declarations=承诺事项',
              '|noMajorAccident=近三年未发生重大安全、质量、环境事故|notOnDishonestyList=未被列入失信被执行人名单',
              '|notOnAnomalyList=未被列入经营异常名录|noTaxViolation=无重大税收违法行为',
              '|noFraudBan=未因骗取补贴被禁入|noResearchMisconduct=无科研失信行为|holds=已获称号|title=称号',
              '|code=称号|certificate=证书编号|issued=发证日期|validUntil=有效期至',
              '|standards=主导或参与制定的标准|standard=标准|published=发布日期|role=作用',
              '|equityFinancing=股权融资|round=轮次|investor=投资方|amount=金额|date=日期',
              '|valuationUsd=估值|creditScore=信用评分|globalRank=全球排名|globalShare=全球市场占有率',
              '|domesticShare=国内市场占有率|hightechField=高新技术领域|priorityField=重点领域',
              '|strategicEmerging=属于战略性新兴产业|newSector=属于新兴领域|newProduct=新产品',
              '|operatesInShandong=在山东省内经营|notControlledByListed=未被上市公司控股',
              '|independentLegalPerson=具有独立法人资格|mainlandResident=中国境内注册',
              '|fromController=来自控股股东|energyAdvanced=能效达到先进水平|itCoreProcesses=关键工序数控化',
              '|productsPermitted=产品取得许可|qualified=合格|rank=排名|catalogueCode=目录代码|')"/>

  <xsl:template name="doc-label">
    <xsl:call-template name="label-of">
      <xsl:with-param name="table" select="$doc-labels"/>
      <xsl:with-param name="code" select="local-name()"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
