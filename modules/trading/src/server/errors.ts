import { defineErrors } from '@tessera/core';

export const tradingErrors = defineErrors('trading', {
  TRADING_INVALID_DECIMAL: {
    status: 400,
    message: 'A number is not a decimal with at most 18 places.',
    hint: 'Send decimals as strings such as "0.015"; no exponents, no more than 18 places.',
  },
  TRADING_NON_POSITIVE_QUANTITY: {
    status: 400,
    message: 'Quantity must be greater than zero.',
    hint: 'Send a positive quantity; use side "sell" to reduce a position.',
  },
  TRADING_NEGATIVE_PRICE: { status: 400, message: 'Prices and fees cannot be negative.', hint: 'Send a price of zero or more (zero for airdrops).' },
  TRADING_FEE_EXCEEDS_QUANTITY: {
    status: 400,
    message: 'A fee paid in the bought asset must be smaller than the quantity.',
    hint: 'Check the fee and its asset.',
  },
  TRADING_SELL_EXCEEDS_HOLDINGS: {
    status: 422,
    message: 'The sell is larger than the holdings at that time.',
    hint: 'Check earlier trades and transfers; a fee paid in the sold asset counts towards the quantity.',
  },
  TRADING_UNKNOWN_ASSET: {
    status: 422,
    message: 'The asset is not known in this organization.',
    hint: 'Add the asset first (POST /api/trading/assets) or check its symbol.',
  },
  TRADING_FEE_ASSET_UNSUPPORTED: {
    status: 422,
    message: 'Fees must be paid in the quote currency or the traded asset.',
    hint: 'Convert fees paid in a third asset to the quote currency before recording them.',
  },
  TRADING_QUOTE_MISMATCH: {
    status: 422,
    message: 'The trade is quoted in another currency than the portfolio.',
    hint: 'Record trades in the portfolio currency; cross-currency trades need a stored FX rate.',
  },
  TRADING_FX_RATE_MISSING: {
    status: 422,
    message: 'No FX rate is stored for a currency conversion that is needed.',
    hint: 'Add the rate (POST /api/trading/fx-rates) at or before the trade time; a missing rate is never treated as 1.',
  },
  TRADING_DUPLICATE_EXTERNAL_ID: {
    status: 409,
    message: 'A trade with this external id already exists in the portfolio.',
    hint: 'Nothing was imported; remove the rows already imported or import into another portfolio.',
  },
  TRADING_IMPORT_MALFORMED: { status: 400, message: 'The import file is malformed.', hint: 'See `details` for the first bad line; nothing was imported.' },
  TRADING_PRICE_MISSING: {
    status: 422,
    message: 'No price is stored for an asset that is needed.',
    hint: 'Import prices or generate the demo feed; a missing price is never treated as zero.',
  },
  TRADING_STRATEGY_MISMATCH: {
    status: 422,
    message: 'The order names a strategy that is not yours or trades another portfolio.',
    hint: "Leave strategyId out, or name one of your strategies on the order's portfolio.",
  },
  TRADING_RISK_REJECTED: { status: 422, message: 'The order breaks a risk limit.', hint: 'See `details.reasons`; change the order or the limits.' },
  TRADING_RISK_CHECK_FAILED: {
    status: 503,
    message: 'The pre-trade risk check could not complete, so the order was rejected.',
    hint: 'The check fails closed; retry later and quote the request id if it persists.',
  },
  TRADING_KILL_SWITCH_ACTIVE: {
    status: 423,
    message: 'A kill switch halts trading.',
    hint: 'Soft halt allows only orders that reduce a position; a person must reset it with a reason.',
  },
  TRADING_ORDER_NOT_OPEN: {
    status: 409,
    message: 'The order is not open.',
    hint: 'Only open or partially filled orders can be cancelled; only proposals can be confirmed.',
  },
  TRADING_CREDENTIAL_INVALID: { status: 422, message: 'The provider rejected the API key.', hint: 'Check the key and its permissions; nothing was saved.' },
  TRADING_CREDENTIAL_RATE_LIMITED: { status: 429, message: 'The provider rate-limited the key check.', hint: 'Wait and try again, or save it unverified.' },
  TRADING_BASE_URL_REFUSED: {
    status: 400,
    message: 'The base URL cannot be used for a model credential.',
    hint: 'Use https, or plain http only to a loopback or private address; no user info in the URL, no link-local addresses. See details.reason.',
  },
  TRADING_NO_CREDENTIAL: {
    status: 422,
    message: 'No model credential is configured for you.',
    hint: 'Add a credential on the credentials page or choose the offline model.',
  },
  TRADING_MODEL_TIMEOUT: {
    status: 504,
    message: 'The model did not answer in time.',
    hint: 'Try again, choose another model, or set a fallback model on the credential; the session stopped and nothing was ordered.',
  },
  TRADING_AGENT_TOOL_REFUSED: { status: 422, message: 'The model asked for a tool that is not allowed in this session.', hint: 'Only the listed tools run.' },
});
