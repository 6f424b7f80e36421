/** `components.securitySchemes`: the one scheme, AWS SigV4 in the `Authorization` header. */
import type { OpenApiObject } from '../shared';

export const SECURITY_SCHEME = 'sigv4';

export function securitySchemes(): Record<string, OpenApiObject> {
  return {
    [SECURITY_SCHEME]: {
      type: 'apiKey',
      description:
        'AWS Signature Version 4: sign every request with IAM credentials allowed execute-api:Invoke.',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'awsSigv4',
    },
  };
}
