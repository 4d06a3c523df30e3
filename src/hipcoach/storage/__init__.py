"""Storage: SQLAlchemy models, the engine and session factory, and the Alembic migrations.

It maps domain objects to tables and holds no rules; the services validate before they write.
"""
