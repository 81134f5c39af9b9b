/** English UI texts: images in knowledge articles (upload, paste, drop). German in ../de/kb-images.ts (same keys). */
export const kbImages = {
  kbImages: {
    insert: 'Insert image',
    hint: 'PNG, JPEG, GIF or WebP up to 5 MB: choose a file, paste it or drop it into the text.',
    uploading: 'Uploading image…',
    inserted_one: 'Image inserted.',
    inserted_other: '{{count}} images inserted.',
    notAnImage: 'Only PNG, JPEG, GIF and WebP images can be inserted (no SVG).',
    tooLarge: 'An image may be at most 5 MB.',
    defaultAlt: 'Screenshot',
  },
};
