/*
 * template.h: choosing the transactions of a block template from the pending
 * pool, and the order in which to evict pending transactions when the pool
 * is over its size cap. docs/PROTOCOL.blockbody.md, section "Block
 * templates", states the same rules.
 *
 * Inputs: candidates (sender address, nonce, amount, fee, and an opaque
 * index of the caller's, returned in the outputs) and sender states (address,
 * confirmed nonce, confirmed balance).
 *
 * Confirmed nonce: the account's nonce column (qtcl.account_state.nonce), the
 * number of its confirmed transactions, which is the nonce its next
 * transaction must carry. All transactions have the same size, so the fee is
 * the fee rate.
 *
 * Selection (qtcl_template_select), greedy by fee under nonce order, like
 * go-ethereum's price-and-nonce ordering:
 *   - a sender's transactions are taken in nonce order; the next eligible
 *     nonce of a sender starts at its confirmed nonce and goes up by one with
 *     each transaction chosen;
 *   - at each step, among the senders whose next transaction is eligible,
 *     the one whose next transaction has the highest fee is chosen; ties go
 *     to the lower sender address (memcmp). A sender has one eligible
 *     transaction at a time, so the order is (fee desc, sender asc, nonce
 *     asc);
 *   - a transaction whose nonce is below the sender's next nonce (already
 *     confirmed, or a second candidate with a nonce already chosen) is
 *     skipped and does not block the sender; when two candidates of a sender
 *     share a nonce, the one with the higher fee (then the lower amount, then
 *     the lower index field) is tried first and the other is then stale;
 *   - a gap (the lowest remaining nonce is above the next nonce) stops that
 *     sender: none of its remaining transactions is chosen;
 *   - a transaction whose amount + fee exceeds the sender's remaining balance
 *     (balance minus the amounts and fees of its transactions chosen so far),
 *     or whose amount / fee / sum is outside the money range, is skipped and
 *     stops that sender (its later nonces cannot follow it);
 *   - a sender without a state entry has balance 0 and confirmed nonce 0
 *     (nothing of it can be chosen: every amount is >= 1);
 *   - at most max_txs transactions are chosen.
 * A low-fee transaction therefore holds back its sender's later, higher-fee
 * transactions until its own fee comes up (no child-pays-for-parent).
 * Complexity: O((n + m) log(n + m)) for n candidates and m states (heap
 * sorts, then a heap of senders keyed by their next transaction), no
 * allocation: the caller passes max(n, m) work entries.
 *
 * Eviction order (qtcl_template_evict_order): a permutation of all n
 * candidates; evicting any prefix of it leaves every sender's remaining
 * transactions a gap-free nonce run from its lowest nonce. Repeatedly: take
 * the transaction with the lowest fee among those not yet listed (ties: the
 * reverse of the selection order: sender address bytes descending, then the
 * highest nonce), and list it together with all of the same sender's
 * higher-nonce transactions not yet listed, highest nonce first (evicting a
 * transaction evicts the sender's later nonces too; descendants go first so
 * that any prefix is consistent). The pool is sized down by evicting from
 * the front until it fits. Candidates are grouped by sender only; states are
 * not needed. Complexity O(n log n), no allocation (n work entries).
 *
 * Pure core: no PostgreSQL headers, no allocation, no global state.
 */
#ifndef QTCL_CHAIN_TEMPLATE_H
#define QTCL_CHAIN_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

#define QTCL_TEMPLATE_ADDR_BYTES	32
#define QTCL_TEMPLATE_MAX_ITEMS		UINT32_MAX	/* n and m must not exceed this */

enum
{
	QTCL_TEMPLATE_OK = 0,
	QTCL_TEMPLATE_ERR_ARGUMENT = 1	/* NULL pointer with a non-zero count, work too small, count too large */
};

/* A pending transaction as the selection sees it. */
typedef struct qtcl_template_tx
{
	uint8_t		sender[QTCL_TEMPLATE_ADDR_BYTES];	/* sender address hash */
	uint64_t	nonce;
	int64_t		amount;
	int64_t		fee;
	size_t		index;			/* opaque: the caller's, copied to the outputs */
} qtcl_template_tx;

/* A sender's confirmed state. Addresses should be distinct (the first entry wins). */
typedef struct qtcl_template_sender
{
	uint8_t		address[QTCL_TEMPLATE_ADDR_BYTES];
	uint64_t	nonce;			/* confirmed nonce = nonce of its next transaction */
	int64_t		balance;		/* confirmed balance, base units */
} qtcl_template_sender;

/* Work space: QTCL_TEMPLATE_WORK_LEN(n, m) entries, caller-provided. */
typedef struct qtcl_template_work
{
	uint32_t	order;			/* candidates sorted by (sender, nonce, fee desc, position) */
	uint32_t	aux;			/* selection: sorted states; eviction: prefix-minimum position */
	uint32_t	group_start;	/* per sender group: first position in order[] */
	uint32_t	group_end;		/* per sender group: one past the last position still live */
	uint32_t	heap;			/* heap of group numbers */
	uint32_t	group_state;	/* selection: state entry of the group, or UINT32_MAX */
	uint64_t	group_nonce;	/* selection: next nonce of the group */
	int64_t		group_balance;	/* selection: remaining balance of the group */
} qtcl_template_work;

#define QTCL_TEMPLATE_WORK_LEN(n, m)	((n) > (m) ? (n) : (m))

const char *qtcl_template_strerror(int code);

/*
 * Choose up to max_txs of the n candidates (rules above). out receives the
 * chosen candidates' index fields in block order (room for min(n, max_txs)),
 * *out_count their number. work: at least QTCL_TEMPLATE_WORK_LEN(n, m)
 * entries (work_len). Deterministic: the result depends only on the contents
 * of the inputs, not on the order of the candidates or states arrays (exact
 * duplicates, index field included, are indistinguishable anyway).
 */
int			qtcl_template_select(const qtcl_template_tx *cands, size_t n,
								 const qtcl_template_sender *states, size_t m,
								 size_t max_txs, qtcl_template_work *work, size_t work_len,
								 size_t *out, size_t *out_count);

/*
 * The eviction order of all n candidates (rules above): out receives n
 * index fields, the first to evict first. work: at least n entries.
 */
int			qtcl_template_evict_order(const qtcl_template_tx *cands, size_t n,
									  qtcl_template_work *work, size_t work_len, size_t *out);

/*
 * The same order, with its packages: last[k] (room for n) is 1 when entry k
 * ends a package (the lowest-fee transaction that opened it, listed after its
 * sender's later nonces), else 0. Evicting whole packages from the front
 * evicts the lowest fees with their senders' later nonces. last may be NULL.
 */
int			qtcl_template_evict_packages(const qtcl_template_tx *cands, size_t n,
										 qtcl_template_work *work, size_t work_len, size_t *out,
										 uint8_t *last);

#endif
