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

  <!-- The label of an element of the document. The names are grouped by
       their first letter, so a label costs a dozen comparisons rather than
       up to ninety (libxslt compares one by one, and the application page
       asks for some fifty labels: this was a quarter of its XSLT time). -->
  <xsl:template name="doc-label">
    <xsl:variable name="n" select="local-name()"/>
    <xsl:choose>
      <xsl:when test="starts-with($n, 'a')">
        <xsl:choose>
          <xsl:when test="$n = 'acquisition'">取得方式</xsl:when>
          <xsl:when test="$n = 'assessment'">评价指标</xsl:when>
          <xsl:when test="$n = 'amount'">金额</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'c')">
        <xsl:choose>
          <xsl:when test="$n = 'contact'">联系人</xsl:when>
          <xsl:when test="$n = 'costExpense'">成本费用总额</xsl:when>
          <xsl:when test="$n = 'code'">称号</xsl:when>
          <xsl:when test="$n = 'certificate'">证书编号</xsl:when>
          <xsl:when test="$n = 'creditScore'">信用评分</xsl:when>
          <xsl:when test="$n = 'catalogueCode'">目录代码</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'd')">
        <xsl:choose>
          <xsl:when test="$n = 'division'">行政区划代码</xsl:when>
          <xsl:when test="$n = 'digitalLevel'">数字化水平等级</xsl:when>
          <xsl:when test="$n = 'declarations'">承诺事项</xsl:when>
          <xsl:when test="$n = 'date'">日期</xsl:when>
          <xsl:when test="$n = 'domesticShare'">国内市场占有率</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'e')">
        <xsl:choose>
          <xsl:when test="$n = 'enterprise'">企业基本情况</xsl:when>
          <xsl:when test="$n = 'email'">电子邮箱</xsl:when>
          <xsl:when test="$n = 'employees'">职工总数（人）</xsl:when>
          <xsl:when test="$n = 'equityFinancing'">股权融资</xsl:when>
          <xsl:when test="$n = 'energyAdvanced'">能效达到先进水平</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'f')">
        <xsl:choose>
          <xsl:when test="$n = 'founded'">成立日期</xsl:when>
          <xsl:when test="$n = 'fromController'">来自控股股东</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'g')">
        <xsl:choose>
          <xsl:when test="$n = 'granted'">授权日期</xsl:when>
          <xsl:when test="$n = 'globalRank'">全球排名</xsl:when>
          <xsl:when test="$n = 'globalShare'">全球市场占有率</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'h')">
        <xsl:choose>
          <xsl:when test="$n = 'hightechIncome'">高新技术产品（服务）收入</xsl:when>
          <xsl:when test="$n = 'holderRank'">权利人排名</xsl:when>
          <xsl:when test="$n = 'holds'">已获称号</xsl:when>
          <xsl:when test="$n = 'hightechField'">高新技术领域</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'i')">
        <xsl:choose>
          <xsl:when test="$n = 'industry'">所属行业（GB/T 4754）</xsl:when>
          <xsl:when test="$n = 'intellectualProperty'">知识产权</xsl:when>
          <xsl:when test="$n = 'inUse'">有效在用</xsl:when>
          <xsl:when test="$n = 'issued'">发证日期</xsl:when>
          <xsl:when test="$n = 'investor'">投资方</xsl:when>
          <xsl:when test="$n = 'independentLegalPerson'">具有独立法人资格</xsl:when>
          <xsl:when test="$n = 'itCoreProcesses'">关键工序数控化</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'k')">
        <xsl:choose>
          <xsl:when test="$n = 'kind'">类型</xsl:when>
          <xsl:when test="$n = 'keyChainLink'">属于产业链关键环节</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'l')">
        <xsl:choose>
          <xsl:when test="$n = 'listed'">是否上市</xsl:when>
          <xsl:when test="$n = 'level'">级别</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'm')">
        <xsl:choose>
          <xsl:when test="$n = 'mainRevenue'">主营业务收入</xsl:when>
          <xsl:when test="$n = 'market'">细分市场</xsl:when>
          <xsl:when test="$n = 'mainProduct'">用于主导产品</xsl:when>
          <xsl:when test="$n = 'managementCertification'">通过管理体系认证</xsl:when>
          <xsl:when test="$n = 'mainlandResident'">中国境内注册</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'n')">
        <xsl:choose>
          <xsl:when test="$n = 'name'">名称</xsl:when>
          <xsl:when test="$n = 'netProfit'">净利润</xsl:when>
          <xsl:when test="$n = 'niche'">细分市场</xsl:when>
          <xsl:when test="$n = 'number'">编号</xsl:when>
          <xsl:when test="$n = 'noMajorAccident'">近三年未发生重大安全、质量、环境事故</xsl:when>
          <xsl:when test="$n = 'notOnDishonestyList'">未被列入失信被执行人名单</xsl:when>
          <xsl:when test="$n = 'notOnAnomalyList'">未被列入经营异常名录</xsl:when>
          <xsl:when test="$n = 'noTaxViolation'">无重大税收违法行为</xsl:when>
          <xsl:when test="$n = 'noFraudBan'">未因骗取补贴被禁入</xsl:when>
          <xsl:when test="$n = 'noResearchMisconduct'">无科研失信行为</xsl:when>
          <xsl:when test="$n = 'newSector'">属于新兴领域</xsl:when>
          <xsl:when test="$n = 'newProduct'">新产品</xsl:when>
          <xsl:when test="$n = 'notControlledByListed'">未被上市公司控股</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'o')">
        <xsl:choose>
          <xsl:when test="$n = 'ownBrand'">拥有自主品牌</xsl:when>
          <xsl:when test="$n = 'operatesInShandong'">在山东省内经营</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'p')">
        <xsl:choose>
          <xsl:when test="$n = 'person'">姓名</xsl:when>
          <xsl:when test="$n = 'phone'">联系电话</xsl:when>
          <xsl:when test="$n = 'product'">主导产品</xsl:when>
          <xsl:when test="$n = 'platformScore'">专精特新发展评价得分（本年）</xsl:when>
          <xsl:when test="$n = 'platformScorePrevious'">专精特新发展评价得分（上年）</xsl:when>
          <xsl:when test="$n = 'published'">发布日期</xsl:when>
          <xsl:when test="$n = 'priorityField'">重点领域</xsl:when>
          <xsl:when test="$n = 'productsPermitted'">产品取得许可</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'q')">
        <xsl:choose>
          <xsl:when test="$n = 'qualified'">合格</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'r')">
        <xsl:choose>
          <xsl:when test="$n = 'revenue'">营业收入</xsl:when>
          <xsl:when test="$n = 'rdExpense'">研发费用</xsl:when>
          <xsl:when test="$n = 'rdDomestic'">境内研发费用</xsl:when>
          <xsl:when test="$n = 'rdStaff'">研发人员（人）</xsl:when>
          <xsl:when test="$n = 'rdInstitutions'">研发机构</xsl:when>
          <xsl:when test="$n = 'recognised'">认定日期</xsl:when>
          <xsl:when test="$n = 'role'">作用</xsl:when>
          <xsl:when test="$n = 'round'">轮次</xsl:when>
          <xsl:when test="$n = 'rank'">排名</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 's')">
        <xsl:choose>
          <xsl:when test="$n = 'staff'">人员情况</xsl:when>
          <xsl:when test="$n = 'stStaff'">科技人员（人）</xsl:when>
          <xsl:when test="$n = 'since'">进入该市场时间</xsl:when>
          <xsl:when test="$n = 'standards'">主导或参与制定的标准</xsl:when>
          <xsl:when test="$n = 'standard'">标准</xsl:when>
          <xsl:when test="$n = 'strategicEmerging'">属于战略性新兴产业</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 't')">
        <xsl:choose>
          <xsl:when test="$n = 'totalAssets'">资产总额</xsl:when>
          <xsl:when test="$n = 'totalLiabilities'">负债总额</xsl:when>
          <xsl:when test="$n = 'totalIncome'">总收入</xsl:when>
          <xsl:when test="$n = 'title'">称号</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'u')">
        <xsl:choose>
          <xsl:when test="$n = 'uscc'">统一社会信用代码</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="starts-with($n, 'v')">
        <xsl:choose>
          <xsl:when test="$n = 'validUntil'">有效期至</xsl:when>
          <xsl:when test="$n = 'valuationUsd'">估值</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
