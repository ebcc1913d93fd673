/** A LIKE pattern matching any text that contains `text` literally (its %, _ and \ escaped). */
export const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
