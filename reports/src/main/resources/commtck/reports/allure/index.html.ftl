<#-- CommTCK's page around Allure's single-file app: Allure's own template (allure-generator 2.34) without its analytics
     tag (a conformance report may describe a private server, and it opens from file:// with nothing fetched), with a
     way back to the verdict page in the side bar, without the trend widgets (one run has no history to draw) and with the views
     Allure's command line adds as plugins sent to the suites tree, where this report files each test by requirement. -->
<#-- @ftlvariable name="faviconUrl" type="java.lang.String" -->
<#-- @ftlvariable name="stylesUrls" type="java.lang.String[]" -->
<#-- @ftlvariable name="jsUrls" type="java.lang.String[]" -->
<#-- @ftlvariable name="reportDataFiles" type="java.util.Map<java.lang.String,java.lang.String>" -->
<#-- @ftlvariable name="reportName" type="java.lang.String" -->
<#-- @ftlvariable name="reportLanguage" type="java.lang.String" -->
<!DOCTYPE html>
<html dir="ltr" lang="${reportLanguage!"en"}">
<head>
    <meta charset="utf-8">
    <title>${reportName}</title>
    <link rel="icon" href="${faviconUrl}">
    <#list stylesUrls as styleUrl>
    <link rel="stylesheet" type="text/css" href="${styleUrl}">
    </#list>
    <style>
        .widget[data-id$="-trend"] { display: none; }
        #commtck-verdict { position: fixed; left: 0; bottom: 150px; width: 180px; box-sizing: border-box; z-index: 10;
            padding: 10px 16px; border-top: 1px solid #555; border-bottom: 1px solid #555; color: #fff;
            font-size: 14px; line-height: 1.35; text-decoration: none; }
        #commtck-verdict:hover { background: #444; }
        body:has(.side-nav_collapsed) #commtck-verdict { display: none; }
    </style>
    <script>
        function commtckKnownView() {
            if (/^#\/?(behaviors|packages)\b/.test(location.hash)) {
                location.replace('#suites');
            }
        }
        commtckKnownView();
        window.addEventListener('hashchange', commtckKnownView);
    </script>
</head>
<body>
    <div id="alert"></div>
    <div id="content">
        <span class="spinner">
            <span class="spinner__circle"></span>
        </span>
    </div>
    <div id="popup"></div>
    <a id="commtck-verdict" href="index.html">&larr; ${reportName}</a>
    <#list jsUrls as jsUrl>
    <script src="${jsUrl}"></script>
    </#list>
    <#if reportDataFiles?has_content>
    <script async>
        window.reportDataReady = false;
        window.reportData = window.reportData || {};
        function d(name, value){
            return new Promise(function (resolve) {window.reportData[name] = value;resolve(true)});
        }
    </script>
    <script defer>
      Promise.allSettled([
        <#list reportDataFiles as name, value>
        d('${name}','${value}'),
        </#list>
      ]).then(function(){window.reportDataReady = true;})
    </script>
    </#if>
</body>
</html>
