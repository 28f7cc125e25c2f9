/** The icon browsers ask every page for, /favicon.ico: an ICO holding one 32×32 PNG, base64. Written by scripts/favicon.ts. */
export const FAVICON_ICO =
  'AAABAAEAICAAAAEAIAABAQAAFgAAAIlQTkcNChoKAAAADUlIRFIAAAAgAAAAIAQDAAAAgVRnxwAAADBQTFRFET+MIUyUMVmbQWWjUHKrYH+ycIy6gJnCkKXJoLLRsL/ZwMzgz9no3+Xw7/L3////1NO9zwAAAIxJREFUeNpjYCAXMJYLoAow/VfAK6Dz////3wVIAvX//////9cAIdAPEvh/AUngB9N/lfvfUAUU6n+iCcT/QhNY/wNJ4HfH/zn/P6Hb0oAu8E8BRUvH+v8bUA1lvP8ZVYCh/juagP8vNIH4n2gC87+hClj8f4jmjv8JqAH0H8kvdiD+SQVSQh1LRJECAI3Na2iUNGw6AAAAAElFTkSuQmCC';
