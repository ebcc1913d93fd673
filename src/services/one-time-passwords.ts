/**
 * The port through which a deployment may deliver one-time passwords (an SMS or e-mail gateway). This
 * repository has no gateway and ships no implementation: without one, the administrator who issued the
 * password is shown it once and hands it over in person.
 */
export interface OneTimePasswordChannel {
  /** What the answer names as the way the password went, e.g. 短信. */
  readonly name: string
  /** Delivers the password to the account's owner; throws when it could not (the reset is then not done). */
  deliver(
    to: { userId: string; username: string; personKey: string | null },
    oneTimePassword: string,
  ): Promise<void>
}

/** How a one-time password reached its owner: shown to the administrator (null channel) or sent. */
export interface Handover {
  /** The password, when it is to be handed over in person; null when a channel delivered it. */
  oneTimePassword: string | null
  sentVia: string | null
}

export async function handOver(
  channel: OneTimePasswordChannel | undefined,
  to: { userId: string; username: string; personKey: string | null },
  oneTimePassword: string,
): Promise<Handover> {
  if (!channel) return { oneTimePassword, sentVia: null }
  await channel.deliver(to, oneTimePassword)
  return { oneTimePassword: null, sentVia: channel.name }
}
