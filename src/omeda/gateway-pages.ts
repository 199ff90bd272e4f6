// The pages a proxy in front of an API answers with when the API behind it fails: HTML, not the
// vendor's JSON, which is what breaks clients that parse every answer. They are nginx's pages, the
// proxy most often met, with its own wording for 502, 503 and 504 and the status's reason otherwise.
import { STATUS_CODES } from 'node:http'

export const GATEWAY_PAGE_TYPE = 'text/html'

const NGINX_REASONS: Record<number, string> = {
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
}

/** The page a proxy sends with this status. */
export function gatewayPage(status: number): string {
  const title = `${status} ${NGINX_REASONS[status] ?? STATUS_CODES[status] ?? 'Error'}`
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
    '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'
}
