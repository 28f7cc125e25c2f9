/** The package's version, for the element's versioned URL (`/maemanee-pay@<version>.js`); a test keeps it package.json's. */
export const VERSION = '0.1.0';
