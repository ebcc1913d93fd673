import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { maskResidentId } from '../domain/mask.js'
import { loadCertificateKeys } from '../services/certificate-keys.js'
import { renderCertificatePdf } from '../services/certificate-pdf.js'
import { issueCertificate, signedCertificate } from '../services/certificates.js'
import { NotFoundError } from '../services/errors.js'
import { personKeyOfIdNumber } from '../services/persons.js'
import { configuredPublicUrl } from '../services/public-url.js'
import { loadSecrets } from '../services/secrets.js'
import { dataDirOf, log, withDatabase } from './context.js'
import { UsageError, wholeIn } from './errors.js'
import { period } from './verify-certificate.js'

/** Who issues from the command line (the audit trail's actor). */
const CLI_ACTOR = { id: 'cli:certificate' }

/**
 * `xueshi certificate --id-number <ID> --year <Y> [--window N] --out <file.pdf>`: issues (or, with unchanged
 * figures, finds) the person's certificate on the deployment's database and writes its PDF.
 */
export async function runCertificate(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      'id-number': { type: 'string' },
      year: { type: 'string' },
      window: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  })
  const idNumber = values['id-number']
  if (!idNumber) throw new UsageError('--id-number <resident ID number> is required')
  const year = wholeIn('year', values.year, 1990, 2200)
  if (year === undefined) throw new UsageError('--year <YYYY> is required')
  const window = wholeIn('window', values.window, 1, 5)
  if (!values.out) throw new UsageError('--out <file.pdf> is required')
  const out = values.out
  const dataDir = dataDirOf()
  const secrets = loadSecrets(process.env, dataDir, log)
  const personKey = personKeyOfIdNumber(secrets, idNumber)
  const keys = loadCertificateKeys(process.env, dataDir, log)
  const publicUrl = configuredPublicUrl(process.env) ?? `http://localhost:${process.env.PORT ?? 3000}`
  return withDatabase('certificate', async ({ db }) => {
    const person = await db
      .selectFrom('person')
      .select('person_key')
      .where('person_key', '=', personKey)
      .executeTakeFirst()
    if (!person) throw new NotFoundError('person', maskResidentId(idNumber.toUpperCase()))
    const { certificate, created } = await issueCertificate(db, keys, CLI_ACTOR, personKey, { year, window })
    const signed = signedCertificate(certificate, publicUrl)
    writeFileSync(out, await renderCertificatePdf(signed))
    const c = certificate.content
    return `${created ? 'issued' : 'unchanged since issue, existing certificate'} ${c.serial}: ${c.person.name} ${period(signed)}, ${c.verdict}\nverify at ${signed.verifyUrl}\nwritten to ${out}\n`
  })
}
