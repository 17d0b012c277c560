package io.ipc4j;

import org.junit.jupiter.api.Timeout;

/**
 * The queue attacks again with shared memory on the class path: consumers in children
 * count their takes in the broker's ledger instead of acknowledging each item.
 */
@Timeout(180)
class QueueAttackLedgerTest extends QueueAttackTest {
}
