// The DotMac API reference: Swagger UI on this instance's description. The token given to "Authorize" stays in the
// page's memory only (never in storage); the description is loaded again with it, so the page shows what that
// caller's tenant may use, and again without it on logout.
(function () {
  "use strict";
  function token() {
    var authorized = window.ui && window.ui.authSelectors.authorized();
    var value = authorized && authorized.getIn(["bearer", "value"]);
    return value || null;
  }
  function reload() {
    setTimeout(function () { window.ui.specActions.download(); }, 0);
  }
  var reloadOnAuth = function () {
    return {
      statePlugins: {
        auth: {
          wrapActions: {
            authorize: function (original) {
              return function (payload) { var result = original(payload); reload(); return result; };
            },
            logout: function (original) {
              return function (payload) { var result = original(payload); reload(); return result; };
            }
          }
        }
      }
    };
  };
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    plugins: [reloadOnAuth],
    requestInterceptor: function (request) {
      if (request.loadSpec) {
        var t = token();
        if (t) {
          request.headers.Authorization = "Bearer " + t;
        }
      }
      return request;
    }
  });
})();
