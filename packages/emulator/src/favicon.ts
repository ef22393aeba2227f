/** The favicon: a 16×16 ICO drawn at start-up (Amazon's dark blue with an orange smile bar). @internal */

const SIZE = 16
const NAVY = [0x3e, 0x2f, 0x23, 0xff] // BGRA of #232f3e
const ORANGE = [0x00, 0x99, 0xff, 0xff] // BGRA of #ff9900

function pixel(x: number, y: number): number[] {
  // Rows run bottom-up in an ICO bitmap: y = 0 is the bottom row.
  const bar = y >= 3 && y <= 4 && x >= 3 && x <= 12
  const tip = x === 12 && y === 5
  return bar || tip ? ORANGE : NAVY
}

function build(): Buffer {
  const pixels = Buffer.alloc(SIZE * SIZE * 4)
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) pixels.set(pixel(x, y), (y * SIZE + x) * 4)
  const mask = Buffer.alloc(SIZE * 4) // 1 bit per pixel, rows padded to 4 bytes: all opaque
  const header = Buffer.alloc(40)
  header.writeUInt32LE(40, 0)
  header.writeInt32LE(SIZE, 4)
  header.writeInt32LE(SIZE * 2, 8) // colour + mask
  header.writeUInt16LE(1, 12)
  header.writeUInt16LE(32, 14)
  header.writeUInt32LE(pixels.length + mask.length, 20)
  const image = Buffer.concat([header, pixels, mask])
  const dir = Buffer.alloc(22)
  dir.writeUInt16LE(0, 0)
  dir.writeUInt16LE(1, 2) // icon
  dir.writeUInt16LE(1, 4) // one image
  dir.writeUInt8(SIZE, 6)
  dir.writeUInt8(SIZE, 7)
  dir.writeUInt16LE(1, 10)
  dir.writeUInt16LE(32, 12)
  dir.writeUInt32LE(image.length, 14)
  dir.writeUInt32LE(22, 18)
  return Buffer.concat([dir, image])
}

let icon: Buffer | undefined

/** The ICO bytes (built once). */
export function favicon(): Buffer {
  icon ??= build()
  return icon
}
