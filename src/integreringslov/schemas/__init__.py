"""The pandera schemas of every table the library reads or writes, one module per domain."""
