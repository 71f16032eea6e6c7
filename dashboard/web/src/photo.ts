// A photo from a phone page (吹哨, 到场, 完成): downscaled in a canvas to a JPEG data URL of at most 1 MB.

export const PHOTO_MAX_CHARS = 1_000_000;

async function decode(file: Blob): Promise<{ source: CanvasImageSource; width: number; height: number; close(): void }> {
  if ('createImageBitmap' in window) {
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
    } catch {
      // fall back to an <img>
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    // the browser's own message ("The source image cannot be decoded.") is English
    await img.decode().catch(() => {
      throw new Error('无法读取这张图片，请换一张照片（JPG 或 PNG）');
    });
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => undefined };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The photo as "data:image/jpeg;base64,…", no longer than `maxChars`. */
export async function photoToDataUrl(file: Blob, maxChars = PHOTO_MAX_CHARS): Promise<string> {
  const image = await decode(file);
  try {
    if (!image.width || !image.height) throw new Error('图片无法读取');
    let longest = Math.min(1600, Math.max(image.width, image.height));
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('浏览器不支持图片处理');
    for (let attempt = 0; attempt < 12; attempt++) {
      const scale = longest / Math.max(image.width, image.height);
      canvas.width = Math.max(1, Math.round(image.width * scale));
      canvas.height = Math.max(1, Math.round(image.height * scale));
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(image.source, 0, 0, canvas.width, canvas.height);
      for (const quality of [0.85, 0.72, 0.6]) {
        const url = canvas.toDataURL('image/jpeg', quality);
        if (url.length <= maxChars) return url;
      }
      longest = Math.floor(longest * 0.75);
      if (longest < 160) break;
    }
    throw new Error('图片过大，无法压缩到 1 MB 以内');
  } finally {
    image.close();
  }
}
