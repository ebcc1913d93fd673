/** The API's password rule (等保 2.0), checked in the browser before sending: at least 8 characters of 3 classes. */
export function meetsPasswordRule(password: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length
  return password.length >= 8 && password.length <= 128 && classes >= 3
}

/** The API's username rule: 3 to 64 letters, digits or . _ - */
export const USERNAME = /^[A-Za-z0-9._-]{3,64}$/
