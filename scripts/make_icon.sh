#!/bin/sh
# Renders resources/icons/embscope.png (256 px) from the same drawing as embscope.svg, with
# ImageMagick's primitives (Debian's ImageMagick has no SVG delegate). Run from the repository root.
set -e
convert -size 256x256 xc:none \
  -fill '#1f2430' -draw "roundrectangle 8,8 248,248 44,44" \
  -fill '#3b5ba5' -draw "circle 58,92 65,92" -draw "circle 84,62 90,62" -draw "circle 70,150 77,150" \
  -draw "circle 104,196 110,196" -draw "circle 196,70 202,70" -draw "circle 208,168 215,168" \
  -fill '#21918c' -draw "circle 112,94 120,94" -draw "circle 160,196 167,196" -draw "circle 184,118 192,118" \
  -stroke '#fcd14a' -strokewidth 6 -draw "line 130,136 112,94" -draw "line 130,136 184,118" \
  -draw "line 130,136 160,196" -stroke none \
  -fill '#5ec962' -draw "circle 112,94 123,94" -draw "circle 184,118 195,118" -draw "circle 160,196 171,196" \
  -fill '#fde725' -stroke '#5a3c0a' -strokewidth 5 -draw "circle 130,136 150,136" \
  resources/icons/embscope.png
