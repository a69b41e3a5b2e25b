package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
)

// logoColors are the demo employers' colours, by BIN: each letterhead has
// its own.
var logoColors = map[string]color.NRGBA{
	"090340012456": {0x0b, 0x4f, 0x8a, 0xff}, // Zhaiyk Caspian Drilling: sea blue
	"110640008217": {0xc2, 0x5b, 0x0e, 0xff}, // KazStroy Astana: brick
	"050240003169": {0x3d, 0x3d, 0x45, 0xff}, // Saryarka Mining: coal
	"140940021538": {0x1f, 0x7a, 0x4d, 0xff}, // Alatau Hospitality: mountain green
}

// Logo returns the letterhead logo of the demo employer bin, a PNG of
// 150 × 150 pixels (a ring round three bars in the employer's colour, on a
// transparent ground), or nil for another BIN.
// `ruqsat serve --demo` stores it with the employer, so that the demo's
// qualification letters show a letterhead as a client's would.
func Logo(bin string) []byte {
	c, ok := logoColors[bin]
	if !ok {
		return nil
	}
	const size = 150
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	light := color.NRGBA{c.R, c.G, c.B, 0x66}
	for y := range size {
		for x := range size {
			dx, dy := x-75, y-75
			r2 := dx*dx + dy*dy
			switch {
			case r2 <= 72*72 && r2 >= 60*60: // the ring
				img.SetNRGBA(x, y, c)
			case r2 < 60*60 && y >= 34 && y < 118 && (y-34)%28 < 18:
				// Three bars, narrower towards the top, as a tower's floors.
				half := 14 + (y-34)/28*10
				if dx >= -half && dx < half {
					if (y-34)/28 == 2 {
						img.SetNRGBA(x, y, c)
					} else {
						img.SetNRGBA(x, y, light)
					}
				}
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic("demo: logo: " + err.Error()) // encoding an in-memory image cannot fail
	}
	return b.Bytes()
}
