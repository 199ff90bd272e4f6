// What every TLS problem is thrown as: its own module, so the package's root exports it without
// loading the certificate code.
export class TlsError extends Error {
  override name = 'TlsError'
}
