// Renders /openapi.json with Swagger UI (a file, not an inline script: the CSP allows scripts from 'self' only).
/* global window, SwaggerUIBundle */
window.addEventListener('load', function () {
  SwaggerUIBundle({ url: '/openapi.json', dom_id: '#api-docs', deepLinking: true, tryItOutEnabled: false });
});
