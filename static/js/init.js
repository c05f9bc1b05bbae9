// Start GOV.UK Frontend. An external module because the Content Security Policy
// forbids inline scripts.
//
// GOV.UK Frontend's own page template adds `govuk-frontend-supported` to <body>
// with an inline script when the browser supports ES modules; its CSS and
// initAll() both key off that class. Only browsers that support modules run
// this file, so adding the class here makes the same check.
import { initAll } from '../vendor/govuk-frontend/govuk-frontend.min.js'

document.body.classList.add('govuk-frontend-supported')
initAll()
