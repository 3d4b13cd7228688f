/** For @Transform on input fields: trims strings, leaves other values (null clears an optional field) as they are. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
