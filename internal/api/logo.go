package api

// registerLogo registers the routes of an employer's letterhead logo.
func (s *Server) registerLogo() {}
