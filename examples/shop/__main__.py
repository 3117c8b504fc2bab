"""``python -m examples.shop``: the same as ``python -m examples.shop.app``."""

from examples.shop.app import main

raise SystemExit(main())
