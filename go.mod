module github.com/ruqsat/ruqsat

go 1.26

require (
	github.com/arran4/golang-ical v0.3.4 // indirect
	github.com/goccy/go-yaml v1.19.2 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
)
