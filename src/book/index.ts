/**
 * Public API of the order books: L3 (order by order, from MBO), L2 (price levels, from MBP-10 or level
 * deltas) and L1 (top of book, from quotes), all read through the allocation-free `BookView`; and the
 * MBP-10 derivation from MBO.
 */
export { L3Book, type L3BookOptions } from './l3-book.js';
export { L2Book } from './l2-book.js';
export { L1Book, type L1BookOptions } from './l1-book.js';
export { LevelBook, type LevelBookOptions } from './level-book.js';
export { PriceLevels } from './price-levels.js';
export { OrderTable } from './order-table.js';
export { BookStats, PriceGrid, gridOf, sideIndex, SIDE_ASK, SIDE_BID, type BookView } from './view.js';
export { deriveMbp10, type DeriveMbp10Options } from './derive-mbp10.js';
