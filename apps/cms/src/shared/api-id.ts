/** An apiId (of a content type or a field): camelCase letters and digits, 2 to 64 characters. */
export const API_ID = /^[a-z][a-zA-Z0-9]{1,63}$/;
