/** The most an upload may be whatever CMS_ASSET_MAX_BYTES says: multer stops reading past it. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
