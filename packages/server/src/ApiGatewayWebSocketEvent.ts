/**
 * The event API Gateway sends a Lambda proxy integration of a WebSocket API (the fields the
 * router reads; API Gateway sends more). The emulator sends the same shape.
 *
 * @example
 * ```ts
 * const event: ApiGatewayWebSocketEvent = { requestContext: { routeKey: 'ping', connectionId: 'abc=', domainName: 'abc.execute-api.us-east-1.amazonaws.com', stage: 'prod' }, body: '{"action":"ping"}' };
 * ```
 */
export interface ApiGatewayWebSocketEvent {
  requestContext: {
    routeKey: string;
    connectionId: string;
    domainName: string;
    stage: string;
    eventType?: string;
    requestId?: string;
    /** What a `$connect` authorizer returned: `principalId`, plus its context (Cognito: `claims`). */
    authorizer?: Record<string, unknown> | null;
    identity?: { sourceIp?: string; userAgent?: string | null; accessKey?: string; [key: string]: unknown };
    [key: string]: unknown;
  };
  queryStringParameters?: Record<string, string | undefined> | null;
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/**
 * What a proxy integration answers: for `$connect` a non-2xx status refuses the connection.
 *
 * @example
 * ```ts
 * const refused: ApiGatewayProxyResult = { statusCode: 401 };
 * ```
 */
export interface ApiGatewayProxyResult {
  statusCode: number;
  body?: string;
  headers?: Record<string, string>;
}
