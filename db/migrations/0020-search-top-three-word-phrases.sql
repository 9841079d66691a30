-- Phrases of three words get lists of their own ("the united states", "one of the"): ranked from
-- the lists of their parts, "the united states" read the text of twice as many items as held it
-- (store/search-top-build.ts). The lists come from a build: one is due when the notebook next
-- opens, as after a build that stopped halfway (searches answer the same meanwhile, only slower).
UPDATE search_top_state SET items_at_build = 0;
